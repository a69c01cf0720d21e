package dev.labelpanel.transforms.calibrate;

import dev.labelpanel.schemas.Vote;
import dev.labelpanel.transforms.llm.ChatMessage;
import dev.labelpanel.transforms.llm.Labeler;
import dev.labelpanel.transforms.vote.LabelParser;
import dev.labelpanel.transforms.vote.Votes;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Stage 3, for validation and test items: the strongest model labels the item. If it agrees with the current
 * label, the label stands ({@code calibrated-agree}). If not, it criticises its own answer ({@link SelfCriticism})
 * and its final label decides: {@code calibrated-kept} when it restates its disagreeing label (the label
 * changes), {@code calibrated-revised} when it comes back to the earlier label. When either answer is a no-vote
 * the earlier label and its source stand, and the calibration record says why.
 */
public final class Calibrator {
    public static final String AGREE = "calibrated-agree";
    public static final String KEPT = "calibrated-kept";
    public static final String REVISED = "calibrated-revised";

    private final Labeler calibrator;
    private final LabelParser parser;
    private final SelfCriticism selfCriticism;

    public Calibrator(Labeler calibrator, LabelParser parser, SelfCriticism selfCriticism) {
        this.calibrator = calibrator;
        this.parser = parser;
        this.selfCriticism = selfCriticism;
    }

    /**
     * What calibration decided. {@code label} and {@code source} are the item's new label and label source; {@code
     * critique} is null when no critique was asked.
     */
    public record Outcome(String label, String source, Vote first, Vote critique, boolean changed) {}

    public String calibratorName() {
        return calibrator.name();
    }

    public CompletableFuture<Outcome> calibrate(List<ChatMessage> prompt, String currentLabel, String currentSource) {
        return calibrator
                .ask(prompt, calibrator.labelMaxTokens())
                .thenApply(a -> Votes.first(calibrator, a, parser))
                .thenCompose(first -> {
                    if (first.getLabel() == null) {
                        return done(new Outcome(currentLabel, currentSource, first, null, false));
                    }
                    if (first.getLabel().equals(currentLabel)) {
                        return done(new Outcome(currentLabel, AGREE, first, null, false));
                    }
                    return selfCriticism
                            .critique(prompt, first.getRawAnswer())
                            .thenApply(critique -> decide(currentLabel, currentSource, first, critique));
                });
    }

    private static Outcome decide(String currentLabel, String currentSource, Vote first, Vote critique) {
        String fin = critique.getLabel();
        if (fin == null) {
            return new Outcome(currentLabel, currentSource, first, critique, false);
        }
        if (fin.equals(currentLabel)) {
            return new Outcome(currentLabel, REVISED, first, critique, false);
        }
        return new Outcome(fin, KEPT, first, critique, true);
    }

    private static CompletableFuture<Outcome> done(Outcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }
}
