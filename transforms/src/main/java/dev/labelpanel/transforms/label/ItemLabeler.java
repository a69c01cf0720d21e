package dev.labelpanel.transforms.label;

import dev.labelpanel.schemas.Calibration;
import dev.labelpanel.schemas.Item;
import dev.labelpanel.schemas.LabeledItem;
import dev.labelpanel.schemas.Vote;
import dev.labelpanel.transforms.aggregate.Aggregation;
import dev.labelpanel.transforms.aggregate.DawidSkeneModel;
import dev.labelpanel.transforms.calibrate.Calibrator;
import dev.labelpanel.transforms.calibrate.Calibrator.Outcome;
import dev.labelpanel.transforms.gapfill.GapFill;
import dev.labelpanel.transforms.llm.ChatMessage;
import dev.labelpanel.transforms.prompt.LabelSet;
import dev.labelpanel.transforms.prompt.PromptBook;
import dev.labelpanel.transforms.splits.Split;
import dev.labelpanel.transforms.vote.PanelVote;
import dev.labelpanel.transforms.vote.Tally;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One item's whole labeling chain as one asynchronous composition — panel vote, then gap fill if the panel had no
 * majority, then calibration for validation and test items — so an item moves to the filler or the calibrator as
 * soon as its own votes are in, while the panel works on other items. In Dawid-Skene mode the chain is cut in two:
 * {@link #askPanel} first for every item, then {@link #finish} with each item's {@link Stage1} from the model.
 */
public final class ItemLabeler {
    public static final String MAJORITY = Aggregation.Method.MAJORITY.wireName();
    public static final String DAWID_SKENE = Aggregation.Method.DAWID_SKENE.wireName();
    public static final String FILLED = "filled";

    private final LabelSet labels;
    private final PromptBook prompts;
    private final PanelVote panel;
    private final GapFill gapFill;
    private final Calibrator calibrator;
    private final String configHash;

    public ItemLabeler(PromptBook prompts, PanelVote panel, GapFill gapFill, Calibrator calibrator, String configHash) {
        this.labels = prompts.labels();
        this.prompts = prompts;
        this.panel = panel;
        this.gapFill = gapFill;
        this.calibrator = calibrator;
        this.configHash = configHash;
    }

    /** Where an item stands between stages. */
    private record Decision(
            String label,
            String source,
            Stage1 stage1,
            List<Vote> votes,
            Tally tally,
            String unlabeledReason,
            Outcome calibrated) {
        Decision calibrated(Outcome outcome) {
            return new Decision(outcome.label(), outcome.source(), stage1, votes, tally, null, outcome);
        }
    }

    /** The whole chain with the vote rule deciding (aggregation {@code majority}). */
    public CompletableFuture<LabeledItem> label(Item item) {
        return askPanel(item)
                .thenCompose(
                        outcome -> finish(item, outcome, Stage1.byMajority(outcome.tally(), labels, outcome.votes())));
    }

    /** Stage 1's calls alone: every panel labeler's vote on {@code item}. */
    public CompletableFuture<PanelVote.Outcome> askPanel(Item item) {
        return panel.ask(labeler -> prompts.itemPrompt(labeler, item));
    }

    /**
     * The rest of the chain for an item whose panel votes ({@link #askPanel}) are in, with the Dawid-Skene model
     * deciding stage 1.
     */
    public CompletableFuture<LabeledItem> finish(
            Item item, List<Vote> panelVotes, DawidSkeneModel model, double fillBelow) {
        PanelVote.Outcome outcome = panel.outcomeOf(panelVotes);
        return finish(item, outcome, Stage1.byModel(panelVotes, labels, model, fillBelow));
    }

    private CompletableFuture<LabeledItem> finish(Item item, PanelVote.Outcome outcome, Stage1 stage1) {
        return decideOrFill(prompts.itemPrompt(gapFill.fillerName(), item), outcome, stage1)
                .thenCompose(decision ->
                        calibrateIfHeldOut(item, prompts.itemPrompt(calibrator.calibratorName(), item), decision))
                .thenApply(decision -> toRecord(item, decision));
    }

    private CompletableFuture<Decision> decideOrFill(List<ChatMessage> prompt, PanelVote.Outcome outcome, Stage1 s1) {
        if (s1.label() != null) {
            return CompletableFuture.completedFuture(
                    new Decision(s1.label(), s1.source(), s1, outcome.votes(), outcome.tally(), null, null));
        }
        return gapFill.fill(prompt).thenApply(fill -> {
            List<Vote> votes = new ArrayList<>(outcome.votes());
            votes.add(fill);
            if (fill.getLabel() != null) {
                return new Decision(fill.getLabel(), FILLED, s1, votes, outcome.tally(), null, null);
            }
            String reason = s1.undecided() + " and the filler gave no vote (" + fill.getNoVoteReason() + ")";
            return new Decision(null, null, s1, votes, outcome.tally(), reason, null);
        });
    }

    private CompletableFuture<Decision> calibrateIfHeldOut(Item item, List<ChatMessage> prompt, Decision decision) {
        boolean heldOut = Split.VALIDATION.wireName().equals(item.getSplit())
                || Split.TEST.wireName().equals(item.getSplit());
        if (!heldOut || decision.label() == null) {
            return CompletableFuture.completedFuture(decision);
        }
        return calibrator.calibrate(prompt, decision.label(), decision.source()).thenApply(decision::calibrated);
    }

    private LabeledItem toRecord(Item item, Decision d) {
        LabeledItem.Builder row = OutputRows.fromItem(item)
                .setLabel(d.label())
                .setLabelId(d.label() == null ? null : labels.indexOf(d.label()))
                .setLabelSource(d.source())
                .setStage1Label(d.stage1().label())
                .setVotes(d.votes())
                .setAgreement(d.label() == null ? null : d.tally().agreement(d.label()))
                .setUnlabeledReason(d.unlabeledReason())
                .setConfigHash(configHash)
                .setLabelProbs(d.stage1().probList())
                .setConfidence(d.stage1().confidence());
        Outcome c = d.calibrated();
        if (c != null) {
            row.setCalibration(Calibration.newBuilder()
                    .setCalibrator(c.first().getLabeler())
                    .setFirstAnswer(c.first())
                    .setCritiqueAnswer(c.critique())
                    .setChanged(c.changed())
                    .build());
        }
        return row.build();
    }
}
