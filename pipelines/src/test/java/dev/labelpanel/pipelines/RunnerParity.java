package dev.labelpanel.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labelpanel.pipelines.report.RunSummary;
import dev.labelpanel.pipelines.run.LabelPanelPipeline;
import dev.labelpanel.transforms.summary.SummaryKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;

/**
 * "Same answer on every runner": runs the sample config with a fat jar in child JVMs, as {@code labelpanel run}
 * runs, once per runner, and compares what the runs wrote, read back with plain parquet-avro. Shared with the ITs
 * of runners/flink and runners/spark through pipelines' test-jar.
 *
 * <p>The config is the sample with the simulator's faults switched off and latency 0 (SIMULATION). The simulator's
 * answers are a pure function of (seed, model, messages), but a fault is drawn per attempt and some faults (a held
 * request that times out, a 429 pausing an endpoint) make what happens next depend on timing; without faults every
 * answer takes one request and two runs with a fresh simulator and the same seed must agree on every row.
 */
public final class RunnerParity {
    /** The --add-opens Spark needs on Java 17 (Spark's own launcher list); harmless for the other runners. */
    public static final List<String> JAVA_17_OPENS = Stream.of(
                    "java.lang",
                    "java.lang.invoke",
                    "java.lang.reflect",
                    "java.io",
                    "java.net",
                    "java.nio",
                    "java.util",
                    "java.util.concurrent",
                    "java.util.concurrent.atomic",
                    "jdk.internal.ref",
                    "sun.nio.ch",
                    "sun.nio.cs",
                    "sun.security.action",
                    "sun.util.calendar")
            .map(p -> "--add-opens=java.base/" + p + "=ALL-UNNAMED")
            .toList();

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunnerParity() {}

    /** What one run printed and wrote. */
    public record Run(Path out, String stdout) {}

    /**
     * The sample config without simulator faults, latency 0 and absolute paths, with the filler and the calibrator in
     * batch mode (short batch waits), written into {@code dir}.
     */
    public static Path faultFreeSample(Path dir) throws IOException {
        Path config = SampleConfigs.faultFree(dir);
        String yaml = Files.readString(config);
        yaml = once(yaml, "name: filler,", "name: filler, mode: batch,");
        yaml = once(yaml, "name: calibrator,", "name: calibrator, mode: batch,");
        yaml = once(yaml, "\ncache:\n", "\nbatch: {" + FAST_BATCHES + "}\ncache:\n");
        Files.writeString(config, yaml);
        return config;
    }

    /** Batch waits short enough for a test. */
    static final String FAST_BATCHES = "max_wait: 200ms, poll_interval: 100ms, max_poll_interval: 400ms";

    /** {@code text} with its one {@code from} replaced by {@code to}; fails if {@code from} is not there exactly once. */
    static String once(String text, String from, String to) {
        int at = text.indexOf(from);
        assertTrue(at >= 0 && text.indexOf(from, at + 1) < 0, "exactly one '" + from + "' in the config");
        return text.replace(from, to);
    }

    /** The fat jar {@code <artifactId>-<version>-all.jar} of {@code module} (a path from the project root). */
    public static Path fatJar(String module, String artifactId) throws IOException {
        Path target = Outputs.projectRoot().resolve(module).resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches(artifactId + "-.*-all\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + artifactId + " fat jar in " + target
                            + ": run mvn package (or verify) in " + module + " first"));
        }
    }

    /**
     * {@code labelpanel run --config config --out out --no-cache --quiet runnerArgs...} from {@code jar} in a child
     * JVM with {@code env} added; fails the test with the child's output unless it exits 0.
     */
    public static Run run(Path jar, Path config, Path out, List<String> runnerArgs, Map<String, String> env)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1500m");
        command.addAll(JAVA_17_OPENS);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(ChildProcess.runArgs(config, out, "--no-cache", "--quiet")));
        command.addAll(runnerArgs);
        ChildProcess run = ChildProcess.run(command, env, config.getParent(), Duration.ofMinutes(15));
        assertEquals(0, run.exit(), "labelpanel run " + runnerArgs + "\n" + run.out() + ChildProcess.tail(run.err()));
        return new Run(out, run.out());
    }

    /**
     * Runs the fault-free sample with the fat jar {@code artifactId} of {@code module} on the Direct runner and with
     * {@code runnerArgs} (and {@code env} added), each into a folder of {@code dir}, and asserts that both wrote the
     * same (see {@link #assertSameOutputs}).
     */
    public static void assertRunnerWritesWhatDirectWrites(
            Path dir, String module, String artifactId, List<String> runnerArgs, Map<String, String> env)
            throws IOException, InterruptedException {
        Path jar = fatJar(module, artifactId);
        Path config = faultFreeSample(dir);
        Run direct = run(jar, config, dir.resolve("direct"), List.of("--runner", "DirectRunner"), Map.of());
        Run other = run(jar, config, dir.resolve("other"), runnerArgs, env);
        assertSameOutputs(direct, other);
    }

    /**
     * Asserts that {@code actual} wrote what {@code expected} wrote: the same Parquet files holding the same rows
     * (item id, split, granularity, label, label source, votes, calibration, provenance), the same dead letters and
     * the same run summary, with the no-loss checks passing. Latencies are the only fields left out.
     */
    public static void assertSameOutputs(Run expected, Run actual) throws IOException {
        for (Run run : List.of(expected, actual)) {
            assertTrue(
                    run.stdout()
                            .contains("no-loss checks    records read = in dialogues + dead letters: ok;"
                                    + " items emitted = written + duplicates: ok"),
                    run.stdout());
            assertTrue(
                    RunSummary.read(run.out().resolve(LabelPanelPipeline.SUMMARY_FILE))
                            .balanced(),
                    run.out().toString());
        }
        assertEquals(files(expected.out()), files(actual.out()), "the files written");

        List<String> want = rows(expected.out());
        List<String> got = rows(actual.out());
        assertEquals(953, want.size(), "rows of the sample (611 utterances + 342 pairs)");
        assertTrue(want.stream().filter(r -> r.contains(" label=NSFW ")).count() > 100, "a labeled sample");
        assertEquals(List.of(), difference(want, got), "rows written by the reference run only");
        assertEquals(List.of(), difference(got, want), "rows written by the other run only");
        assertEquals(want, got);

        List<String> deadWant = deadLetters(expected.out());
        assertEquals(11, deadWant.size(), "dead letters of the sample");
        assertEquals(deadWant, deadLetters(actual.out()));

        JsonNode summaryWant = withoutBatchGrouping(expected);
        JsonNode summaryGot = withoutBatchGrouping(actual);
        // When each run started and ended is the runs' own; everything else in the summary is the data's.
        for (JsonNode summary : List.of(summaryWant, summaryGot)) {
            assertTrue(SummaryKey.wallSeconds().find(summary).asDouble() > 0, "the wall time is recorded");
            ((ObjectNode) summary).remove(SummaryKey.timing().path());
        }
        assertEquals(summaryWant, summaryGot, "run-summary.json");
    }

    /**
     * {@code run}'s summary without how its batch requests were grouped into batches, which depends on timing; checks
     * first that its {@code batches} section counted batches (the runner's metrics, summed over its workers), all
     * completed, and no more requests than the batch-mode answers in the rows.
     */
    private static JsonNode withoutBatchGrouping(Run run) throws IOException {
        ObjectNode summary = (ObjectNode)
                JSON.readTree(run.out().resolve(LabelPanelPipeline.SUMMARY_FILE).toFile());
        JsonNode batches = SummaryKey.batches().find(summary);
        long submitted = SummaryKey.batchesSubmitted().find(summary).asLong();
        long requests = SummaryKey.batchRequestsSubmitted().find(summary).asLong();
        assertTrue(submitted > 0, "batches counted: " + batches);
        assertEquals(
                submitted, SummaryKey.batchesEnded("completed").find(summary).asLong(), batches.toString());
        long batchAnswers = Outputs.readAll(run.out()).stream()
                .mapToLong(row -> batchAnswers(row.record()))
                .sum();
        assertTrue(requests >= submitted && requests <= batchAnswers, batches + " for " + batchAnswers + " answers");
        ((ObjectNode) batches).remove(List.of("submitted", "ended"));
        return summary;
    }

    /** The filler's and the calibrator's answers in row {@code r} (the sample's batch-mode labelers). */
    private static long batchAnswers(GenericRecord r) {
        @SuppressWarnings("unchecked")
        List<GenericRecord> votes = (List<GenericRecord>) r.get("votes");
        long n = votes == null
                ? 0
                : votes.stream()
                        .filter(v -> "filler".equals(v.get("labeler").toString()))
                        .count();
        GenericRecord calibration = (GenericRecord) r.get("calibration");
        if (calibration != null) {
            n += calibration.get("critique_answer") == null ? 1 : 2;
        }
        return n;
    }

    private static List<String> difference(List<String> a, List<String> b) {
        TreeSet<String> only = new TreeSet<>(a);
        only.removeAll(b);
        return only.stream().limit(5).toList();
    }

    /** Every file under {@code out}, relative, sorted. */
    static List<String> files(Path out) throws IOException {
        try (Stream<Path> walk = Files.walk(out)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> out.relativize(p).toString())
                    .sorted()
                    .toList();
        }
    }

    /** One line per Parquet row with every field but latencies, sorted: equal lists mean row-for-row equal outputs. */
    static List<String> rows(Path out) throws IOException {
        return Outputs.readAll(out).stream()
                .map(RunnerParity::describe)
                .sorted()
                .toList();
    }

    /**
     * The fields that decide or record an item's label, with where the item came from: what equivalent runs must
     * write alike.
     */
    static final List<String> DECIDING_FIELDS = List.of(
            "granularity",
            "split",
            "source_file",
            "record_number",
            "label",
            "label_id",
            "label_source",
            "stage1_label",
            "agreement",
            "unlabeled_reason",
            "config_hash");

    /** {@code r}'s {@code fields}, each as {@code " name=value"}. */
    static String fields(GenericRecord r, List<String> fields) {
        StringBuilder s = new StringBuilder();
        for (String field : fields) {
            s.append(' ').append(field).append('=').append(r.get(field));
        }
        return s.toString();
    }

    private static String describe(Outputs.Row row) {
        GenericRecord r = row.record();
        StringBuilder s = new StringBuilder(row.file());
        s.append(fields(r, List.of("item_id", "dialogue_id", "role", "turn_index", "text")));
        s.append(fields(r, DECIDING_FIELDS));
        s.append(" context=").append(r.get("context"));
        return s.append(votes(r, RunnerParity::vote)).toString();
    }

    /**
     * Row {@code r}'s votes and calibration (the calibrator's first answer, its self-criticism and whether it changed
     * the label), each answer told by {@code vote}; empty when the row has neither.
     */
    static String votes(GenericRecord r, Function<GenericRecord, String> vote) {
        StringBuilder s = new StringBuilder();
        @SuppressWarnings("unchecked")
        List<GenericRecord> votes = (List<GenericRecord>) r.get("votes");
        if (votes != null) {
            s.append(" votes=").append(votes.stream().map(vote).collect(Collectors.joining(";")));
        }
        GenericRecord calibration = (GenericRecord) r.get("calibration");
        if (calibration != null) {
            s.append(" calibration=")
                    .append(vote.apply((GenericRecord) calibration.get("first_answer")))
                    .append('/')
                    .append(vote.apply((GenericRecord) calibration.get("critique_answer")))
                    .append(" changed=")
                    .append(calibration.get("changed"));
        }
        return s.toString();
    }

    private static String vote(GenericRecord v) {
        if (v == null) {
            return "-";
        }
        return v.get("labeler") + ":" + v.get("model") + ":" + v.get("label") + ":" + v.get("no_vote_reason") + ":"
                + v.get("finish_reason") + ":" + v.get("prompt_tokens") + "+" + v.get("completion_tokens") + ":"
                + v.get("attempts") + ":" + v.get("cached") + ":" + v.get("raw_answer");
    }

    /** The dead-letter JSON lines, sorted (runners write them in different orders). */
    static List<String> deadLetters(Path out) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(out.resolve("dead-letter"))) {
            for (Path f : files.sorted().toList()) {
                lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
        }
        return lines.stream().sorted().toList();
    }
}
