package dev.labelpanel.transforms.calibrate;

import dev.labelpanel.schemas.Vote;
import dev.labelpanel.transforms.llm.ChatMessage;
import dev.labelpanel.transforms.llm.Labeler;
import dev.labelpanel.transforms.prompt.LabelSet;
import dev.labelpanel.transforms.prompt.Prompts;
import dev.labelpanel.transforms.vote.LabelParser;
import dev.labelpanel.transforms.vote.Votes;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Continues the calibrator's conversation: its own answer goes back as the assistant turn, and a follow-up asks
 * it to re-read the text and its answer, say whether it was wrong, and end with one final label.
 */
public final class SelfCriticism {
    private final Labeler calibrator;
    private final Prompts prompts;
    private final LabelSet labels;
    private final LabelParser parser;

    public SelfCriticism(Labeler calibrator, Prompts prompts, LabelSet labels, LabelParser parser) {
        this.calibrator = calibrator;
        this.prompts = prompts;
        this.labels = labels;
        this.parser = parser;
    }

    /** The critique answer, parsed for its final label. */
    public CompletableFuture<Vote> critique(List<ChatMessage> itemPrompt, String firstAnswer) {
        List<ChatMessage> conversation = prompts.critiquePrompt(itemPrompt, firstAnswer, labels);
        return calibrator
                .askCritique(conversation, calibrator.critiqueMaxTokens())
                .thenApply(a -> Votes.critique(calibrator, a, parser));
    }
}
