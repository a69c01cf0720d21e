package dev.labelpanel.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.pipelines.report.RunSummary;
import dev.labelpanel.simulator.LabelerSimulator;
import dev.labelpanel.simulator.SimulatorStats;
import dev.labelpanel.simulator.profile.SimulatorProfile;
import dev.labelpanel.transforms.extract.Granularity;
import dev.labelpanel.transforms.summary.CallCount;
import dev.labelpanel.transforms.summary.SummaryKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #13: a storm must change no label. The sample's openai.jsonl is labeled twice against the same simulated
 * models (SIMULATION; configs/simulator/faults.yaml's models, seed 42, latencies 0): once with no faults, once under
 * the storm — per attempt 20 % 429 (Retry-After 0 s), 5 % 500, 3 % 503, 2 % dropped connections, 2 %
 * truncated bodies. With {@code max_attempts: 2} about one call in ten runs out of attempts; it is deferred and
 * tried again once the endpoint has answered well. The two outputs must hold the same rows, compared on everything
 * that decides or records a label (see {@link #deciding}); attempts, latency and the {@code deferred} flag may
 * differ. A second test has one panel model fail every attempt: its calls end as {@code call-failed} no-votes at the
 * deferred deadline, and every item is still written.
 */
class RetryStormIT {
    private static final String STORM = """
      rate_limited: 0.20
          retry_after_seconds: 0
          retry_after_http_date_share: 0.0
          server_error: 0.05
          unavailable: 0.03
          dropped_connection: 0.02
          timeout: 0.0
          malformed_body: 0.02
          empty_choices: 0.0""";
    private static final List<String> LABELERS = List.of("llama", "mistral", "qwen", "vicuna", "filler", "calibrator");

    @TempDir
    Path tmp;

    /**
     * configs/simulator/faults.yaml with {@code faults} (a block of rates) as every model's fault rates, except
     * sim-vicuna-7b's when {@code vicunaFaults} is given, and without provider rate limits (their 429s would make the
     * fault-free run not fault-free).
     */
    private static SimulatorProfile profile(String faults, String vicunaFaults) throws IOException {
        Path dir = RunFixture.ROOT.resolve("configs/simulator");
        String yaml = Files.readString(dir.resolve("faults.yaml"));
        if (vicunaFaults != null) {
            int vicuna = yaml.indexOf("- name: sim-vicuna-7b");
            int next = yaml.indexOf("- name:", vicuna + 1);
            yaml = yaml.substring(0, vicuna)
                    + yaml.substring(vicuna, next).replace("faults: *heavy", "faults: {" + flow(vicunaFaults) + "}")
                    + yaml.substring(next);
        }
        int start = yaml.indexOf("rate_limited: 0.10");
        int end = yaml.indexOf("empty_choices: 0.02") + "empty_choices: 0.02".length();
        yaml = yaml.substring(0, start) + faults + yaml.substring(end);
        yaml = yaml.replaceAll("(?m)^\\s*rate_limits: .*$", "");
        return SimulatorProfile.parse(yaml, dir);
    }

    /** The storm's keys, every rate 0. */
    private static String calm() {
        return STORM.replaceAll(
                "(rate_limited|server_error|unavailable|dropped_connection|malformed_body): 0\\.\\d+", "$1: 0.0");
    }

    /** A YAML block of {@code key: value} lines as a flow mapping body. */
    private static String flow(String block) {
        return String.join(", ", block.lines().map(String::strip).toList());
    }

    private Path run(String name, SimulatorProfile profile, Map<String, String> edits) throws IOException {
        Path config = RunFixture.sampleConfig(tmp, "dialogues/openai.jsonl", tmp.resolve("cache-" + name), edits);
        Path out = tmp.resolve(name);
        try (LabelerSimulator sim =
                LabelerSimulator.builder(profile).seed(42).latencyScale(0).start()) {
            assertEquals(PipelineResult.State.DONE, RunFixture.runInProcess(config, out, "off", sim.baseUrl()));
            SimulatorStats stats = sim.stats();
            long faults = stats.models().values().stream()
                    .mapToLong(m -> m.faults().values().stream()
                            .mapToLong(Long::longValue)
                            .sum())
                    .sum();
            System.out.printf("RetryStormIT %s: %d requests, %d faults%n", name, stats.totalRequests(), faults);
        }
        return out;
    }

    /**
     * What must not change between equivalent runs, per item: where it came from, its split, label, label id, label
     * source, stage-1 label, agreement, unlabeled reason, and each vote's labeler, parsed label, no-vote reason, raw
     * answer and finish reason (panel and filler votes, the calibrator's first answer and self-criticism, and whether
     * the calibration changed the label). Not attempts, latency, tokens, {@code cached} or {@code deferred}.
     */
    static String deciding(GenericRecord row) {
        return RunnerParity.fields(row, RunnerParity.DECIDING_FIELDS) + RunnerParity.votes(row, RetryStormIT::vote);
    }

    private static String vote(GenericRecord v) {
        if (v == null) {
            return "none";
        }
        return v.get("labeler") + " label=" + v.get("label") + " no_vote=" + v.get("no_vote_reason") + " raw="
                + v.get("raw_answer") + " finish=" + v.get("finish_reason");
    }

    private static Map<String, String> byItem(Path out) throws IOException {
        Map<String, String> rows = new TreeMap<>();
        for (Outputs.Row row : Outputs.readAll(out)) {
            String previous = rows.put(row.get("item_id"), row.file() + " " + deciding(row.record()));
            assertEquals(null, previous, "item " + row.get("item_id") + " written twice");
        }
        return rows;
    }

    /** Votes (panel, filler, calibration answers) of the output with {@code deferred} set, and of them failed ones. */
    private static long[] deferredVotes(Path out) throws IOException {
        long[] counts = new long[2];
        for (Outputs.Row row : Outputs.readAll(out)) {
            List<Object> votes = new ArrayList<>((List<?>) row.record().get("votes"));
            GenericRecord calibration = (GenericRecord) row.record().get("calibration");
            if (calibration != null) {
                votes.add(calibration.get("first_answer"));
                votes.add(calibration.get("critique_answer"));
            }
            for (Object o : votes) {
                GenericRecord v = (GenericRecord) o;
                if (v != null && Boolean.TRUE.equals(v.get("deferred"))) {
                    counts[0]++;
                    Object reason = v.get("no_vote_reason");
                    if (reason != null && reason.toString().startsWith("call-failed")) {
                        counts[1]++;
                    }
                }
            }
        }
        return counts;
    }

    private static void assertNothingLost(RunSummary summary, Map<String, String> rows) {
        assertTrue(summary.balanced(), "records and items add up");
        assertEquals(0, summary.deadLetters(), "the input is clean: no dead letters");
        long unique = 0;
        for (Granularity g : Granularity.values()) {
            unique += summary.count(SummaryKey.itemsEmitted(g)) - summary.count(SummaryKey.itemsDuplicates(g));
        }
        assertEquals(unique, rows.size(), "every unique item is written, once");
    }

    private static long callsTotal(RunSummary summary, CallCount what) {
        return LABELERS.stream()
                .mapToLong(l -> summary.count(SummaryKey.calls(l, what)))
                .sum();
    }

    private static long callFailures(RunSummary summary) {
        return LABELERS.stream()
                .mapToLong(l -> summary.count(SummaryKey.noVotes(l, "call-failed")))
                .sum();
    }

    @Test
    void aStormWithExhaustedAttemptsWritesTheSameRowsAsAFaultFreeRun() throws Exception {
        Map<String, String> edits = Map.of("max_concurrency: 16,", "max_concurrency: 16, max_attempts: 2,");
        Path calm = run("calm", profile(calm(), null), edits);
        Path storm = run("storm", profile(STORM, null), edits);

        Map<String, String> expected = byItem(calm);
        Map<String, String> actual = byItem(storm);
        RunSummary calmSummary = RunSummary.read(calm.resolve("run-summary.json"));
        RunSummary stormSummary = RunSummary.read(storm.resolve("run-summary.json"));
        assertNothingLost(calmSummary, expected);
        assertNothingLost(stormSummary, actual);
        assertEquals(0, callsTotal(calmSummary, CallCount.DEFERRED), "no faults, no deferral");
        assertEquals(
                callsTotal(calmSummary, CallCount.ANSWERS),
                callsTotal(stormSummary, CallCount.ANSWERS),
                "the same calls");

        long[] deferred = deferredVotes(storm);
        System.out.printf(
                "RetryStormIT: %d items, %d answers, %d attempts, %d deferred calls (%d failed)%n",
                actual.size(),
                callsTotal(stormSummary, CallCount.ANSWERS),
                callsTotal(stormSummary, CallCount.ATTEMPTS),
                deferred[0],
                deferred[1]);
        assertTrue(deferred[0] > 0, "some calls ran out of their 2 attempts: the deferred path ran");
        assertEquals(0, deferred[1], "every deferred call healed");
        assertEquals(deferred[0], callsTotal(stormSummary, CallCount.DEFERRED), "the summary counts them");
        assertEquals(deferred[0], callsTotal(stormSummary, CallCount.DEFERRED_HEALED));
        assertEquals(0, callsTotal(stormSummary, CallCount.DEFERRED_FAILED));
        assertEquals(0, callFailures(stormSummary));

        assertEquals(expected.keySet(), actual.keySet(), "the same items");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertEquals(e.getValue(), actual.get(e.getKey()), "item " + e.getKey());
        }
    }

    @Test
    void anEndpointThatNeverRecoversEndsInCallFailedNoVotesAtTheDeferredDeadline() throws Exception {
        // sim-vicuna-7b answers every attempt with HTTP 500; the others have no faults. Ten dialogues keep the run well
        // below the breaker's 60 s window: an endpoint with no success for 60 s is dead, and that stops the run.
        String vicunaDown = calm().replace("server_error: 0.0", "server_error: 1.0");
        SimulatorProfile profile = profile(calm(), vicunaDown);
        Path input = tmp.resolve("dialogues.jsonl");
        Path openai = RunFixture.ROOT.resolve("sample-data/dialogues/openai.jsonl");
        Files.write(input, Files.readAllLines(openai).subList(0, 10));
        Path config = RunFixture.sampleConfig(
                tmp,
                input.toString(),
                tmp.resolve("cache-down"),
                Map.of(
                        "max_concurrency: 16,", "max_concurrency: 16, max_attempts: 2,",
                        "max_items_in_flight: 256",
                                "max_items_in_flight: 256\nlimits: {deferred_attempts: 5, deferred_deadline: 1s}"));
        Path out = tmp.resolve("down");
        try (LabelerSimulator sim =
                LabelerSimulator.builder(profile).seed(42).latencyScale(0).start()) {
            assertEquals(PipelineResult.State.DONE, RunFixture.runInProcess(config, out, "off", sim.baseUrl()));
            assertEquals(
                    sim.stats().model("sim-vicuna-7b").requests(),
                    sim.stats().model("sim-vicuna-7b").faults().values().stream()
                            .mapToLong(Long::longValue)
                            .sum(),
                    "every vicuna attempt failed");
        }
        RunSummary summary = RunSummary.read(out.resolve("run-summary.json"));
        Map<String, String> rows = byItem(out);
        assertNothingLost(summary, rows);
        long items = rows.size();
        assertEquals(items, summary.count(SummaryKey.calls("vicuna", CallCount.ANSWERS)), "one vicuna call per item");
        assertEquals(items, summary.count(SummaryKey.noVotes("vicuna", "call-failed")));
        assertEquals(
                items,
                summary.count(SummaryKey.calls("vicuna", CallCount.DEFERRED_FAILED)),
                "each was deferred, then failed");
        assertEquals(0, summary.count(SummaryKey.calls("vicuna", CallCount.DEFERRED_HEALED)));
        long attempts = summary.count(SummaryKey.calls("vicuna", CallCount.ATTEMPTS));
        assertTrue(
                attempts >= 2 * items && attempts <= (2 + 5) * items,
                attempts
                        + " attempts: 2 regular ones per call, and at most 5 deferred ones (as probes of the idle endpoint)");
        long[] deferred = deferredVotes(out);
        assertEquals(items, deferred[1]);
        for (Outputs.Row row : Outputs.readAll(out)) {
            assertTrue(row.get("label") != null || row.get("unlabeled_reason") != null, row.get("item_id"));
        }
    }
}
