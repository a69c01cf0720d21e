package dev.labelpanel.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.labelpanel.transforms.aggregate.Aggregation;
import dev.labelpanel.transforms.extract.Granularity;
import dev.labelpanel.transforms.failures.FailureCategory;
import dev.labelpanel.transforms.llm.FailureReason;
import dev.labelpanel.transforms.llm.cache.CacheMode;
import dev.labelpanel.transforms.output.ParquetCompression;
import dev.labelpanel.transforms.read.InputFormat;
import dev.labelpanel.transforms.splits.Split;
import dev.labelpanel.transforms.summary.CallCount;
import dev.labelpanel.transforms.summary.SummaryKey;
import dev.labelpanel.transforms.summary.UsageStage;
import dev.labelpanel.transforms.vote.NoVoteReason;
import dev.labelpanel.transforms.vote.PanelMode;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wire names are stored in Parquet rows, dead letters, configs and the run summary: they must not drift. */
class WireNameTest {
    @Test
    void everyEnumHasItsDocumentedWireNames() {
        assertNames(List.of("utterance", "context"), Granularity.values());
        assertNames(List.of("train", "validation", "test"), Split.values());
        assertNames(List.of("majority", "dawid-skene"), Aggregation.Method.values());
        assertNames(
                List.of(
                        "malformed-json",
                        "invalid-utf8",
                        "unknown-shape",
                        "missing-text",
                        "empty-dialogue",
                        "text-too-long",
                        "unknown-role",
                        "missing-column",
                        "bad-value",
                        "unreadable-file"),
                FailureCategory.values());
        assertNames(
                List.of(
                        "rate-limited",
                        "server-error",
                        "timeout",
                        "connection",
                        "malformed-response",
                        "batch-request-error",
                        "batch-failed"),
                FailureReason.values());
        assertNames(List.of("refusal", "both-labels", "empty", "cut-off", "unparseable"), NoVoteReason.values());
        assertNames(
                List.of(
                        "answers",
                        "attempts",
                        "cache_hits",
                        "cache_misses",
                        "prompt_tokens",
                        "completion_tokens",
                        "saved_prompt_tokens",
                        "saved_completion_tokens",
                        "deferred",
                        "deferred_healed",
                        "deferred_failed",
                        "not_asked",
                        "hedged",
                        "hedge_wins",
                        "hedge_prompt_tokens"),
                CallCount.values());
        assertNames(List.of("panel", "fill", "calibration", "self_criticism"), UsageStage.values());
        assertNames(List.of("unlabeled", "config_changed", "split_changed"), SummaryKey.Relabeled.values());
        assertNames(List.of("stage1_vs_calibrator", "stage1_vs_final"), SummaryKey.Pairs.values());
        assertNames(List.of("auto", "jsonl", "json", "csv", "parquet"), InputFormat.values());
        assertNames(List.of("snappy", "zstd", "gzip", "uncompressed"), ParquetCompression.values());
        assertNames(List.of("use", "refresh", "off"), CacheMode.values());
        assertNames(List.of("full", "adaptive"), PanelMode.values());
    }

    @Test
    void parseTrimsAndIgnoresCase() {
        assertSame(NoVoteReason.CUT_OFF, NoVoteReason.fromWireName(" Cut-Off "));
        assertSame(Split.VALIDATION, Split.parse("validation"));
        assertSame(Granularity.CONTEXT, Granularity.parse("CONTEXT"));
    }

    @Test
    void parseNamesTheChoicesAndTheBadValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Granularity.parse("turn"));
        assertEquals("granularity must be one of utterance, context but was 'turn'", e.getMessage());
        IllegalArgumentException none =
                assertThrows(IllegalArgumentException.class, () -> NoVoteReason.fromWireName(null));
        assertEquals(
                "no-vote reason must be one of refusal, both-labels, empty, cut-off, unparseable but was 'null'",
                none.getMessage());
    }

    private static void assertNames(List<String> expected, WireName[] values) {
        assertEquals(expected, Arrays.stream(values).map(WireName::wireName).toList());
    }
}
