package dev.labelpanel.transforms.vote;

import dev.labelpanel.schemas.Vote;
import dev.labelpanel.transforms.llm.Constraint;
import dev.labelpanel.transforms.llm.Labeler;
import dev.labelpanel.transforms.llm.LabelerAnswer;
import java.util.Arrays;
import java.util.List;

/** Turns a labeler's answer into the {@link Vote} record kept as provenance. */
public final class Votes {
    private Votes() {}

    /** Parses a first answer ({@link LabelParser#parse}, or its constrained form) and records it. */
    public static Vote first(Labeler labeler, LabelerAnswer answer, LabelParser parser) {
        return record(labeler, answer, parser, false);
    }

    /** Parses a self-criticism answer ({@link LabelParser#parseFinal}, or its constrained form) and records it. */
    public static Vote critique(Labeler labeler, LabelerAnswer answer, LabelParser parser) {
        return record(labeler, answer, parser, true);
    }

    private static Vote record(Labeler labeler, LabelerAnswer answer, LabelParser parser, boolean critique) {
        if (answer.isFailed()) {
            return builder(labeler, answer, null, null).build();
        }
        Constraint style = labeler.constraint();
        boolean constrained = style.constrains();
        ParsedLabel parsed = parse(answer, parser, constrained, critique);
        double[] probs = LabelProbabilities.of(
                answer.logprobs(), answer.content(), parsed.label(), parser.labels(), constrained);
        return builder(
                        labeler,
                        answer,
                        parsed,
                        probs == null ? null : Arrays.stream(probs).boxed().toList())
                .setConstraint(labeler.configuredConstraint().constrains() ? style.wireName() : null)
                .build();
    }

    /** A refusal the provider declared ({@code message.refusal}) is one whatever its wording; else the parser reads it. */
    private static ParsedLabel parse(LabelerAnswer answer, LabelParser parser, boolean constrained, boolean critique) {
        if (answer.refused()) {
            return ParsedLabel.noVote(NoVoteReason.REFUSAL);
        }
        if (constrained) {
            return parser.parseConstrained(answer.content(), answer.finishReason(), critique);
        }
        return critique
                ? parser.parseFinal(answer.content(), answer.finishReason())
                : parser.parse(answer.content(), answer.finishReason());
    }

    private static Vote.Builder builder(Labeler labeler, LabelerAnswer answer, ParsedLabel parsed, List<Double> probs) {
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
                .setProviderRefusal(!answer.isFailed() && answer.refused())
                .setLabelProbs(probs);
    }
}
