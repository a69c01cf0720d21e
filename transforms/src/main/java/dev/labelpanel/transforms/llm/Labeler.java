package dev.labelpanel.transforms.llm;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One configured labeler: a model behind an endpoint, asked for answers. A call that fails after its retries
 * completes normally with a {@link LabelerAnswer#failed failed answer} (the item records a no-vote and goes on);
 * the future completes exceptionally only for what must stop the run: bad configuration or a dead endpoint.
 */
public interface Labeler {
    /** The labeler's name in the config. */
    String name();

    /** The model name sent to the endpoint. */
    String model();

    /** Asks for an answer of at most {@code maxTokens} completion tokens. */
    CompletableFuture<LabelerAnswer> ask(List<ChatMessage> messages, int maxTokens);

    /** The answer length for label prompts. */
    int labelMaxTokens();

    /** The answer length for self-criticism prompts, which explain before they answer. */
    int critiqueMaxTokens();

    /** How this labeler's answers are held to the label set ({@link Constraint#NONE}: free text). */
    default Constraint constraint() {
        return Constraint.NONE;
    }

    /** The configured {@code constrain} ({@link Constraint#AUTO} unresolved); {@link #constraint()} is the style used. */
    default Constraint configuredConstraint() {
        return constraint();
    }

    /**
     * Asks a self-criticism follow-up: free-text reasoning that ends in one final label (constrained, for a labeler
     * with a {@link #constraint()}, to a reasoning field and a label, see {@link AnswerFormat#reasoning()}).
     */
    default CompletableFuture<LabelerAnswer> askCritique(List<ChatMessage> messages, int maxTokens) {
        return ask(messages, maxTokens);
    }
}
