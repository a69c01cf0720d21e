package dev.labelpanel.transforms.label;

import dev.labelpanel.schemas.Calibration;
import dev.labelpanel.schemas.Item;
import dev.labelpanel.schemas.LabeledItem;
import dev.labelpanel.schemas.Vote;
import dev.labelpanel.transforms.splits.SplitAssigner;
import dev.labelpanel.transforms.calibrate.Calibrator;
import dev.labelpanel.transforms.calibrate.Calibrator.Outcome;
import dev.labelpanel.transforms.splits.Split;
import dev.labelpanel.transforms.gapfill.GapFill;
import dev.labelpanel.transforms.llm.ChatMessage;
import dev.labelpanel.transforms.prompt.LabelSet;
import dev.labelpanel.transforms.prompt.PromptBook;
import dev.labelpanel.transforms.vote.Tally;
import dev.labelpanel.transforms.vote.PanelVote;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * One item's whole labeling chain as one asynchronous composition — panel vote, then gap fill if the panel had no
 * majority, then calibration for validation and test items — so an item moves to the filler or the calibrator as
 * soon as its own votes are in, while the panel works on other items.
 */
public final class ItemLabeler {
  public static final String MAJORITY = "majority";
  public static final String FILLED = "filled";

  private final LabelSet labels;
  private final PromptBook prompts;
  private final PanelVote panel;
  private final GapFill gapFill;
  private final Calibrator calibrator;
  private final String configHash;

  public ItemLabeler(
      PromptBook prompts,
      PanelVote panel,
      GapFill gapFill,
      Calibrator calibrator,
      String configHash) {
    this.labels = prompts.labels();
    this.prompts = prompts;
    this.panel = panel;
    this.gapFill = gapFill;
    this.calibrator = calibrator;
    this.configHash = configHash;
  }

  /** Where an item stands between stages. */
  private record Decision(String label, String source, String stage1, List<Vote> votes, Tally tally,
      String unlabeledReason, Outcome calibrated) {
    Decision calibrated(Outcome outcome) {
      return new Decision(outcome.label(), outcome.source(), stage1, votes, tally, null, outcome);
    }
  }

  public CompletableFuture<LabeledItem> label(Item item) {
    return panel
        .ask(labeler -> prompts.itemPrompt(labeler, item))
        .thenCompose(outcome -> decideOrFill(prompts.itemPrompt(gapFill.fillerName(), item), outcome))
        .thenCompose(
            decision -> calibrateIfHeldOut(item, prompts.itemPrompt(calibrator.calibratorName(), item), decision))
        .thenApply(decision -> toRecord(item, decision));
  }

  private CompletableFuture<Decision> decideOrFill(List<ChatMessage> prompt, PanelVote.Outcome outcome) {
    String winner = outcome.tally().winner();
    if (winner != null) {
      return CompletableFuture.completedFuture(
          new Decision(winner, MAJORITY, winner, outcome.votes(), outcome.tally(), null, null));
    }
    return gapFill
        .fill(prompt)
        .thenApply(
            fill -> {
              List<Vote> votes = new ArrayList<>(outcome.votes());
              votes.add(fill);
              if (fill.getLabel() != null) {
                return new Decision(fill.getLabel(), FILLED, null, votes, outcome.tally(), null, null);
              }
              String reason =
                  "no panel majority (" + describe(outcome.tally()) + ") and the filler gave no vote ("
                      + fill.getNoVoteReason() + ")";
              return new Decision(null, null, null, votes, outcome.tally(), reason, null);
            });
  }

  private CompletableFuture<Decision> calibrateIfHeldOut(Item item, List<ChatMessage> prompt, Decision decision) {
    boolean heldOut =
        Split.VALIDATION.wireName().equals(item.getSplit()) || Split.TEST.wireName().equals(item.getSplit());
    if (!heldOut || decision.label() == null) {
      return CompletableFuture.completedFuture(decision);
    }
    return calibrator.calibrate(prompt, decision.label(), decision.source()).thenApply(decision::calibrated);
  }

  private LabeledItem toRecord(Item item, Decision d) {
    LabeledItem.Builder row =
        OutputRows.fromItem(item)
            .setLabel(d.label())
            .setLabelId(d.label() == null ? null : labels.indexOf(d.label()))
            .setLabelSource(d.source())
            .setStage1Label(d.stage1())
            .setVotes(d.votes())
            .setAgreement(d.label() == null ? null : d.tally().agreement(d.label()))
            .setUnlabeledReason(d.unlabeledReason())
            .setConfigHash(configHash);
    Outcome c = d.calibrated();
    if (c != null) {
      row.setCalibration(
          Calibration.newBuilder()
              .setCalibrator(c.first().getLabeler())
              .setFirstAnswer(c.first())
              .setCritiqueAnswer(c.critique())
              .setChanged(c.changed())
              .build());
    }
    return row.build();
  }

  private static String describe(Tally tally) {
    Map<String, Integer> counts = tally.counts();
    String votes =
        counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    return (votes.isEmpty() ? "no valid votes" : votes) + ", " + tally.noVotes() + " no-votes";
  }
}
