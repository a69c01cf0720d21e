package dev.labelpanel.transforms.summary;

import dev.labelpanel.schemas.Calibration;
import dev.labelpanel.schemas.LabeledItem;
import dev.labelpanel.schemas.Vote;
import dev.labelpanel.transforms.extract.Granularity;
import dev.labelpanel.transforms.splits.Split;
import dev.labelpanel.transforms.summary.SummaryKey.Pairs;
import dev.labelpanel.transforms.vote.PanelVote;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The run counts of labeled items, per granularity and split: labels, label sources, panel agreement, calibration
 * outcomes and the label pairs Cohen's kappa is computed from; per labeler: calls, cache hits, tokens,
 * attempts, deferred calls (healed or failed), hedged calls, no-votes by reason and panel members an adaptive panel
 * did not ask ({@code not_asked}, neither an answer nor a no-vote); and per stage and labeler the usage that costs money
 * ({@code usage/<stage>/<labeler>/...}, stages {@link UsageStage}); the keys are {@link SummaryKey}'s. A vote's stage follows from where it sits: the
 * panel's votes first, the filler's vote appended when the panel had no majority ({@code stage1_label} null), the
 * calibrator's first answer and its self-criticism answer in {@code calibration}.
 *
 * <p>{@link #outcomesOnly()} counts labels and calibration outcomes but no calls or usage: for rows an incremental
 * run carried over, whose answers were paid for by an earlier run.
 */
public final class LabelCounts extends PTransform<PCollection<LabeledItem>, PCollection<KV<String, Long>>> {
    private static final long serialVersionUID = 1L;

    /** The label and source counted for an item no model could label. */
    public static final String UNLABELED = "(unlabeled)";

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
        boolean withCalls = calls;
        return items.apply(
                        "CountOutcomes",
                        FlatMapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
                                .via((LabeledItem item) -> of(item, withCalls)))
                .setCoder(RunCounts.coder());
    }

    /** The count paths of one labeled item (public for tests and the summary's documentation). */
    public static List<KV<String, Long>> of(LabeledItem item) {
        return of(item, true);
    }

    /** As {@link #of(LabeledItem)}; without the {@code calls/} and {@code usage/} paths when {@code calls} is false. */
    public static List<KV<String, Long>> of(LabeledItem item, boolean calls) {
        List<KV<String, Long>> counts = new ArrayList<>();
        Granularity g = Granularity.parse(item.getGranularity());
        Split split = Split.parse(item.getSplit());
        String label = item.getLabel() == null ? UNLABELED : item.getLabel();
        counts.add(SummaryKey.label(g, split, label).count(1));
        String source = item.getLabelSource() == null ? UNLABELED : item.getLabelSource();
        counts.add(SummaryKey.labelSource(g, split, source).count(1));
        List<Vote> panel = panelVotes(item);
        if (item.getLabel() != null) {
            // Over the members asked: an adaptive panel's not-asked members are neither for nor against.
            long panelFor = panel.stream()
                    .filter(v -> item.getLabel().equals(v.getLabel()))
                    .count();
            long asked = panel.stream().filter(v -> !PanelVote.isNotAsked(v)).count();
            counts.add(SummaryKey.agreement(g, split, panelFor, (int) asked).count(1));
        }
        if (calls) {
            for (Vote vote : item.getVotes()) {
                if (PanelVote.isNotAsked(vote)) {
                    counts.add(SummaryKey.calls(vote.getLabeler(), CallCount.NOT_ASKED)
                            .count(1));
                    counts.add(SummaryKey.usage(UsageStage.PANEL, vote.getLabeler(), CallCount.NOT_ASKED)
                            .count(1));
                } else {
                    addCall(counts, vote);
                }
            }
            panel.stream()
                    .filter(v -> !PanelVote.isNotAsked(v))
                    .forEach(vote -> addUsage(counts, UsageStage.PANEL, vote));
            if (panel.size() < item.getVotes().size()) {
                addUsage(
                        counts,
                        UsageStage.FILL,
                        item.getVotes().get(item.getVotes().size() - 1));
            }
        }
        Calibration calibration = item.getCalibration();
        if (calibration != null) {
            counts.add(SummaryKey.calibrated(g, split).count(1));
            if (calibration.getCritiqueAnswer() != null) {
                counts.add(SummaryKey.critiqued(g, split).count(1));
                if (calls) {
                    addCall(counts, calibration.getCritiqueAnswer());
                    addUsage(counts, UsageStage.SELF_CRITICISM, calibration.getCritiqueAnswer());
                }
            }
            if (calibration.getChanged()) {
                counts.add(SummaryKey.changed(g, split).count(1));
            }
            if (calls) {
                addCall(counts, calibration.getFirstAnswer());
                addUsage(counts, UsageStage.CALIBRATION, calibration.getFirstAnswer());
            }
            String stage1 = item.getStage1Label();
            String first = calibration.getFirstAnswer().getLabel();
            if (stage1 != null && first != null) {
                counts.add(SummaryKey.pair(g, Pairs.STAGE1_VS_CALIBRATOR, stage1, first)
                        .count(1));
            }
            if (stage1 != null && item.getLabel() != null) {
                counts.add(SummaryKey.pair(g, Pairs.STAGE1_VS_FINAL, stage1, item.getLabel())
                        .count(1));
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
        String labeler = vote.getLabeler();
        counts.add(SummaryKey.calls(labeler, CallCount.ANSWERS).count(1));
        counts.add(SummaryKey.calls(labeler, vote.getCached() ? CallCount.CACHE_HITS : CallCount.CACHE_MISSES)
                .count(1));
        counts.add(SummaryKey.calls(labeler, CallCount.ATTEMPTS).count(vote.getAttempts()));
        if (vote.getPromptTokens() != null) {
            counts.add(SummaryKey.calls(labeler, CallCount.PROMPT_TOKENS).count(vote.getPromptTokens()));
        }
        if (vote.getCompletionTokens() != null) {
            counts.add(SummaryKey.calls(labeler, CallCount.COMPLETION_TOKENS).count(vote.getCompletionTokens()));
        }
        addDeferred(counts, what -> SummaryKey.calls(labeler, what), vote);
        addHedged(counts, what -> SummaryKey.calls(labeler, what), vote);
        if (vote.getNoVoteReason() != null) {
            String reason = vote.getNoVoteReason();
            int colon = reason.indexOf(':');
            counts.add(SummaryKey.noVotes(labeler, colon < 0 ? reason : reason.substring(0, colon))
                    .count(1));
            if (colon >= 0) {
                counts.add(SummaryKey.failedCalls(
                                labeler, reason.substring(colon + 1).strip())
                        .count(1));
            }
        }
        if (vote.getConstraint() != null) {
            counts.add(SummaryKey.constraint(labeler, vote.getConstraint()).count(1));
        }
        // The replies of this run: a cached answer keeps what its reply named in the vote, but is not counted here.
        boolean replied = !Boolean.TRUE.equals(vote.getCached());
        if (replied && vote.getServedModel() != null) {
            counts.add(SummaryKey.servedModel(labeler, vote.getServedModel()).count(1));
        }
        if (replied && vote.getSystemFingerprint() != null) {
            counts.add(SummaryKey.systemFingerprint(labeler, vote.getSystemFingerprint())
                    .count(1));
        }
    }

    /**
     * Usage of one answer in {@code stage}: answers, HTTP attempts, cache hits and misses, and tokens — billed ones
     * ({@code prompt_tokens}, {@code completion_tokens}) for answers from the endpoint, saved ones
     * ({@code saved_prompt_tokens}, {@code saved_completion_tokens}) for answers from the cache, which cost nothing.
     */
    private static void addUsage(List<KV<String, Long>> counts, UsageStage stage, Vote vote) {
        String labeler = vote.getLabeler();
        boolean cached = vote.getCached();
        counts.add(SummaryKey.usage(stage, labeler, CallCount.ANSWERS).count(1));
        counts.add(SummaryKey.usage(stage, labeler, CallCount.ATTEMPTS).count(vote.getAttempts()));
        counts.add(SummaryKey.usage(stage, labeler, cached ? CallCount.CACHE_HITS : CallCount.CACHE_MISSES)
                .count(1));
        addDeferred(counts, what -> SummaryKey.usage(stage, labeler, what), vote);
        addHedged(counts, what -> SummaryKey.usage(stage, labeler, what), vote);
        if (vote.getPromptTokens() != null) {
            CallCount tokens = cached ? CallCount.SAVED_PROMPT_TOKENS : CallCount.PROMPT_TOKENS;
            counts.add(SummaryKey.usage(stage, labeler, tokens).count(vote.getPromptTokens()));
        }
        if (vote.getCompletionTokens() != null) {
            CallCount tokens = cached ? CallCount.SAVED_COMPLETION_TOKENS : CallCount.COMPLETION_TOKENS;
            counts.add(SummaryKey.usage(stage, labeler, tokens).count(vote.getCompletionTokens()));
        }
    }

    /**
     * A deferred call (it ran out of its regular attempts and was retried after the endpoint answered well again):
     * {@code deferred}, and {@code deferred_healed} if it got an answer in the end, else {@code deferred_failed}.
     */
    private static void addDeferred(
            List<KV<String, Long>> counts, java.util.function.Function<CallCount, SummaryKey> key, Vote vote) {
        if (vote.getDeferred()) {
            boolean failed =
                    vote.getNoVoteReason() != null && vote.getNoVoteReason().startsWith("call-failed");
            counts.add(key.apply(CallCount.DEFERRED).count(1));
            counts.add(key.apply(failed ? CallCount.DEFERRED_FAILED : CallCount.DEFERRED_HEALED)
                    .count(1));
        }
    }

    /**
     * A hedged call (a slow attempt got a backup copy): {@code hedged}, {@code hedge_wins} when the backup answered
     * first, and {@code hedge_prompt_tokens}, the prompt of the copy that was cancelled, which is billed.
     */
    private static void addHedged(
            List<KV<String, Long>> counts, java.util.function.Function<CallCount, SummaryKey> key, Vote vote) {
        if (vote.getHedged()) {
            counts.add(key.apply(CallCount.HEDGED).count(1));
            if (vote.getHedgeWon()) {
                counts.add(key.apply(CallCount.HEDGE_WINS).count(1));
            }
            if (vote.getPromptTokens() != null) {
                counts.add(key.apply(CallCount.HEDGE_PROMPT_TOKENS).count(vote.getPromptTokens()));
            }
        }
    }
}
