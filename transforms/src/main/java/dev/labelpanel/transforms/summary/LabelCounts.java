package dev.labelpanel.transforms.summary;

import dev.labelpanel.schemas.Calibration;
import dev.labelpanel.schemas.LabeledItem;
import dev.labelpanel.schemas.Vote;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * The run counts of labeled items, per granularity and split: labels, label sources, panel agreement, calibration
 * outcomes and the label pairs Cohen's kappa is computed from; per labeler: calls, cache hits, tokens,
 * attempts, deferred calls (healed or failed) and no-votes by reason; and per stage and labeler the usage that costs money
 * ({@code usage/<stage>/<labeler>/...}, stages {@link #STAGES}). A vote's stage follows from where it sits: the
 * panel's votes first, the filler's vote appended when the panel had no majority ({@code stage1_label} null), the
 * calibrator's first answer and its self-criticism answer in {@code calibration}.
 *
 * <p>{@link #outcomesOnly()} counts labels and calibration outcomes but no calls or usage: for rows an incremental
 * run carried over, whose answers were paid for by an earlier run.
 */
public final class LabelCounts extends PTransform<PCollection<LabeledItem>, PCollection<KV<String, Long>>> {
  private static final long serialVersionUID = 1L;

  /** The labeling stages usage is counted for, in pipeline order. */
  public static final List<String> STAGES = List.of("panel", "fill", "calibration", "self_criticism");

  private final boolean calls;

  private LabelCounts(boolean calls) {
    this.calls = calls;
  }

  public static LabelCounts create() {
    return new LabelCounts(true);
  }

  /** Labels and calibration outcomes only, without {@code calls/} and {@code usage/}: for carried-over rows. */
  public static LabelCounts outcomesOnly() {
    return new LabelCounts(false);
  }

  @Override
  public PCollection<KV<String, Long>> expand(PCollection<LabeledItem> items) {
    return items.apply("CountOutcomes", ParDo.of(new CountFn(calls))).setCoder(RunCounts.coder());
  }

  /** The count paths of one labeled item (public for tests and the summary's documentation). */
  public static List<KV<String, Long>> of(LabeledItem item) {
    return of(item, true);
  }

  /** As {@link #of(LabeledItem)}; without the {@code calls/} and {@code usage/} paths when {@code calls} is false. */
  public static List<KV<String, Long>> of(LabeledItem item, boolean calls) {
    List<KV<String, Long>> counts = new ArrayList<>();
    String base = "labels/" + item.getGranularity() + "/" + item.getSplit() + "/";
    String label = item.getLabel() == null ? "(unlabeled)" : safe(item.getLabel());
    counts.add(KV.of(base + "label/" + label, 1L));
    counts.add(KV.of(base + "source/" + (item.getLabelSource() == null ? "(unlabeled)" : item.getLabelSource()), 1L));
    List<Vote> panel = panelVotes(item);
    if (item.getLabel() != null) {
      long panelFor = panel.stream().filter(v -> item.getLabel().equals(v.getLabel())).count();
      counts.add(KV.of(base + "agreement/" + panelFor + "_of_" + panel.size(), 1L));
    }
    if (calls) {
      for (Vote vote : item.getVotes()) {
        addCall(counts, vote);
      }
      panel.forEach(vote -> addUsage(counts, "panel", vote));
      if (panel.size() < item.getVotes().size()) {
        addUsage(counts, "fill", item.getVotes().get(item.getVotes().size() - 1));
      }
    }
    Calibration calibration = item.getCalibration();
    if (calibration != null) {
      String cal = "calibration/" + item.getGranularity() + "/";
      counts.add(KV.of(cal + "calibrated/" + item.getSplit(), 1L));
      if (calibration.getCritiqueAnswer() != null) {
        counts.add(KV.of(cal + "critiqued/" + item.getSplit(), 1L));
        if (calls) {
          addCall(counts, calibration.getCritiqueAnswer());
          addUsage(counts, "self_criticism", calibration.getCritiqueAnswer());
        }
      }
      if (calibration.getChanged()) {
        counts.add(KV.of(cal + "changed/" + item.getSplit(), 1L));
      }
      if (calls) {
        addCall(counts, calibration.getFirstAnswer());
        addUsage(counts, "calibration", calibration.getFirstAnswer());
      }
      String stage1 = item.getStage1Label();
      String first = calibration.getFirstAnswer().getLabel();
      if (stage1 != null && first != null) {
        counts.add(KV.of(cal + "pairs/stage1_vs_calibrator/" + safe(stage1) + "/" + safe(first), 1L));
      }
      if (stage1 != null && item.getLabel() != null) {
        counts.add(KV.of(cal + "pairs/stage1_vs_final/" + safe(stage1) + "/" + safe(item.getLabel()), 1L));
      }
    }
    return counts;
  }

  /** The panel's votes: all votes, less the filler's, which comes last when the panel had no majority. */
  private static List<Vote> panelVotes(LabeledItem item) {
    List<Vote> votes = item.getVotes();
    return item.getStage1Label() == null && !votes.isEmpty() ? votes.subList(0, votes.size() - 1) : votes;
  }

  private static void addCall(List<KV<String, Long>> counts, Vote vote) {
    String base = "calls/" + safe(vote.getLabeler()) + "/";
    counts.add(KV.of(base + "answers", 1L));
    counts.add(KV.of(base + (vote.getCached() ? "cache_hits" : "cache_misses"), 1L));
    counts.add(KV.of(base + "attempts", (long) vote.getAttempts()));
    if (vote.getPromptTokens() != null) {
      counts.add(KV.of(base + "prompt_tokens", (long) vote.getPromptTokens()));
    }
    if (vote.getCompletionTokens() != null) {
      counts.add(KV.of(base + "completion_tokens", (long) vote.getCompletionTokens()));
    }
    addDeferred(counts, base, vote);
    if (vote.getNoVoteReason() != null) {
      String reason = vote.getNoVoteReason();
      int colon = reason.indexOf(':');
      counts.add(KV.of(base + "no_votes/" + safe(colon < 0 ? reason : reason.substring(0, colon)), 1L));
    }
  }

  /**
   * Usage of one answer in {@code stage}: answers, HTTP attempts, cache hits and misses, and tokens — billed ones
   * ({@code prompt_tokens}, {@code completion_tokens}) for answers from the endpoint, saved ones
   * ({@code saved_prompt_tokens}, {@code saved_completion_tokens}) for answers from the cache, which cost nothing.
   */
  private static void addUsage(List<KV<String, Long>> counts, String stage, Vote vote) {
    String base = "usage/" + stage + "/" + safe(vote.getLabeler()) + "/";
    String tokens = vote.getCached() ? "saved_" : "";
    counts.add(KV.of(base + "answers", 1L));
    counts.add(KV.of(base + "attempts", (long) vote.getAttempts()));
    counts.add(KV.of(base + (vote.getCached() ? "cache_hits" : "cache_misses"), 1L));
    addDeferred(counts, base, vote);
    if (vote.getPromptTokens() != null) {
      counts.add(KV.of(base + tokens + "prompt_tokens", (long) vote.getPromptTokens()));
    }
    if (vote.getCompletionTokens() != null) {
      counts.add(KV.of(base + tokens + "completion_tokens", (long) vote.getCompletionTokens()));
    }
  }

  /**
   * A deferred call (it ran out of its regular attempts and was retried after the endpoint answered well again):
   * {@code deferred}, and {@code deferred_healed} if it got an answer in the end, else {@code deferred_failed}.
   */
  private static void addDeferred(List<KV<String, Long>> counts, String base, Vote vote) {
    if (vote.getDeferred()) {
      boolean failed = vote.getNoVoteReason() != null && vote.getNoVoteReason().startsWith("call-failed");
      counts.add(KV.of(base + "deferred", 1L));
      counts.add(KV.of(base + (failed ? "deferred_failed" : "deferred_healed"), 1L));
    }
  }

  private static String safe(String pathPart) {
    return pathPart.replace('/', '_');
  }

  static final class CountFn extends DoFn<LabeledItem, KV<String, Long>> {
    private final boolean calls;

    CountFn(boolean calls) {
      this.calls = calls;
    }

    @ProcessElement
    public void process(@Element LabeledItem item, OutputReceiver<KV<String, Long>> out) {
      of(item, calls).forEach(out::output);
    }
  }
}
