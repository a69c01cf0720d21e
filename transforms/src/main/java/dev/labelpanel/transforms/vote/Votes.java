package dev.labelpanel.transforms.vote;

import dev.labelpanel.schemas.Vote;
import dev.labelpanel.transforms.llm.Labeler;
import dev.labelpanel.transforms.llm.LabelerAnswer;

/** Turns a labeler's answer into the {@link Vote} record kept as provenance. */
public final class Votes {
    private Votes() {}

    /** Parses a first answer ({@link LabelParser#parse}) and records it. */
    public static Vote first(Labeler labeler, LabelerAnswer answer, LabelParser parser) {
        return record(
                labeler, answer, answer.isFailed() ? null : parser.parse(answer.content(), answer.finishReason()));
    }

    /** Parses a self-criticism answer ({@link LabelParser#parseFinal}) and records it. */
    public static Vote critique(Labeler labeler, LabelerAnswer answer, LabelParser parser) {
        return record(
                labeler, answer, answer.isFailed() ? null : parser.parseFinal(answer.content(), answer.finishReason()));
    }

    private static Vote record(Labeler labeler, LabelerAnswer answer, ParsedLabel parsed) {
        String noVote = answer.isFailed()
                ? "call-failed: " + answer.failure()
                : parsed.isVote() ? null : parsed.reason().wireName();
        return Vote.newBuilder()
                .setLabeler(labeler.name())
                .setModel(labeler.model())
                .setLabel(parsed == null ? null : parsed.label())
                .setNoVoteReason(noVote)
                .setRawAnswer(answer.content())
                .setFinishReason(answer.finishReason())
                .setLatencyMs(answer.latencyMs())
                .setPromptTokens(answer.promptTokens())
                .setCompletionTokens(answer.completionTokens())
                .setAttempts(answer.attempts())
                .setCached(answer.cached())
                .setDeferred(answer.deferred())
                .setServedModel(answer.servedModel())
                .setSystemFingerprint(answer.systemFingerprint())
                .setHedged(answer.hedged())
                .setHedgeWon(answer.hedgeWon())
                .build();
    }
}
