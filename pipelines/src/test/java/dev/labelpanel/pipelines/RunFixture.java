package dev.labelpanel.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.pipelines.report.RunSummary;
import dev.labelpanel.pipelines.run.LabelPanelOptions;
import dev.labelpanel.pipelines.run.LabelPanelPipeline;
import dev.labelpanel.simulator.LabelerSimulator;
import dev.labelpanel.simulator.SimulatorStats;
import dev.labelpanel.transforms.summary.CallCount;
import dev.labelpanel.transforms.summary.SummaryKey;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Test runs of the sample config: a copy with absolute paths and chosen edits, run in this JVM or in a child JVM
 * from the fat jar (which {@code package} builds before Failsafe runs the ITs).
 */
final class RunFixture {
    static final Path ROOT = Outputs.projectRoot();
    static final Path JAR = ROOT.resolve("pipelines/target/labelpanel-pipelines-0.1.0-SNAPSHOT-all.jar");
    static final List<String> PANEL_MODELS = List.of("sim-llama-7b", "sim-mistral-7b", "sim-qwen-7b", "sim-vicuna-7b");

    private RunFixture() {}

    /** The real CensorChat pools, read in place (they live beside the project, in ../shared). */
    static final Path POOLS = ROOT.resolve("../shared/data/censorchat").normalize();

    /**
     * {@code dir/name/}: every {@code stride}th record of both CensorChat pools, written as JSON arrays under the
     * pools' own file names (a subset a test can label in seconds; nothing is copied into the repo).
     */
    static Path poolSubset(Path dir, String name, int stride) throws IOException {
        Path subset = Files.createDirectories(dir.resolve(name));
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String pool : List.of("utterance_valid_test_set.json", "ctx_valid_test_set.json")) {
            com.fasterxml.jackson.databind.JsonNode records =
                    json.readTree(POOLS.resolve(pool).toFile());
            com.fasterxml.jackson.databind.node.ArrayNode every = json.createArrayNode();
            for (int i = 0; i < records.size(); i += stride) {
                every.add(records.get(i));
            }
            json.writeValue(subset.resolve(pool).toFile(), every);
        }
        return subset;
    }

    /**
     * The sample config with absolute paths, {@code cacheDir} as the cache folder, {@code input} as the only input
     * (relative to sample-data/, or an absolute path), and each {@code edits} key replaced by its value.
     */
    static Path sampleConfig(Path dir, String input, Path cacheDir, Map<String, String> edits) throws IOException {
        return sampleConfig(dir, List.of(input), cacheDir, edits);
    }

    /** {@link #sampleConfig(Path, String, Path, Map)} reading every one of {@code inputs}. */
    static Path sampleConfig(Path dir, List<String> inputs, Path cacheDir, Map<String, String> edits)
            throws IOException {
        String paths = inputs.stream()
                .map(input -> "    - " + (input.startsWith("/") ? input : "../sample-data/" + input))
                .collect(Collectors.joining("\n"));
        String yaml = Files.readString(ROOT.resolve("configs/sample.yaml"));
        yaml = yaml.replaceFirst("(?s)  paths:\n.*?\n  format:", "  paths:\n" + paths + "\n  format:")
                .replace("../sample-data/", ROOT.resolve("sample-data") + "/")
                .replace("profile: simulator/", "profile: " + ROOT.resolve("configs/simulator") + "/")
                .replace("dir: ../out/cache", "dir: " + cacheDir)
                .replace("dir: ../out/sample", "dir: " + dir.resolve("out-default"));
        for (Map.Entry<String, String> e : edits.entrySet()) {
            if (!yaml.contains(e.getKey())) {
                throw new IllegalArgumentException("the sample config has no '" + e.getKey() + "' to replace");
            }
            yaml = yaml.replace(e.getKey(), e.getValue());
        }
        Path config = dir.resolve("config-" + Integer.toHexString(yaml.hashCode()) + ".yaml");
        Files.writeString(config, yaml);
        return config;
    }

    /**
     * "The sample": the inputs of configs/sample.yaml (every sample dialogue file and the broken records, relative to
     * sample-data/), then {@code more}; for {@link #sampleConfig(Path, List, Path, Map)}.
     */
    static List<String> wholeSample(String... more) throws IOException {
        java.util.regex.Matcher block = java.util.regex.Pattern.compile("(?s)  paths:\n(.*?)\n  format:")
                .matcher(Files.readString(ROOT.resolve("configs/sample.yaml")));
        if (!block.find()) {
            throw new IllegalStateException("configs/sample.yaml has no input.paths list");
        }
        List<String> inputs = new java.util.ArrayList<>();
        for (String line : block.group(1).split("\n")) {
            inputs.add(line.replaceFirst("#.*", "")
                    .trim()
                    .replaceFirst("^- ", "")
                    .replaceFirst("^\\.\\./sample-data/", ""));
        }
        inputs.addAll(List.of(more));
        return inputs;
    }

    /** {@code dir/in/}, a growing input folder on its first day: {@code day1.jsonl}, the first 45 sample dialogues. */
    static Path dayOneInput(Path dir) throws IOException {
        Path input = Files.createDirectories(dir.resolve("in"));
        Files.write(input.resolve("day1.jsonl"), sampleDialogues().subList(0, 45));
        return input;
    }

    /** The second day of {@link #dayOneInput}: {@code day2.jsonl}, the rest of the sample dialogues. */
    static void addDayTwo(Path input) throws IOException {
        List<String> lines = sampleDialogues();
        Files.write(input.resolve("day2.jsonl"), lines.subList(45, lines.size()));
    }

    private static List<String> sampleDialogues() throws IOException {
        return Files.readAllLines(ROOT.resolve("sample-data/dialogues/openai.jsonl"));
    }

    /** The sample config reading {@code input/*.jsonl} without faults or latency, its cache in {@code dir/cache}. */
    static Path faultFreeConfig(Path dir, Path input) throws IOException {
        return sampleConfig(
                dir,
                input + "/*.jsonl",
                dir.resolve("cache"),
                Map.of(
                        "latency_scale: 0.05",
                        "latency_scale: 0",
                        "profile: " + ROOT.resolve("configs/simulator/panel-default.yaml"),
                        "profile: " + SampleConfigs.faultFreeProfile(dir)));
    }

    /**
     * The sample config reading only the first {@code count} sample dialogues (copied to {@code dir/dialogues.jsonl}),
     * its cache in {@code dir/cache}, with {@code edits} as in {@link #sampleConfig}.
     */
    static Path firstDialoguesConfig(Path dir, int count, Map<String, String> edits) throws IOException {
        Path input = dir.resolve("dialogues.jsonl");
        Files.write(input, sampleDialogues().subList(0, count));
        return sampleConfig(dir, input.toString(), dir.resolve("cache"), edits);
    }

    /** Runs {@code config} in this JVM against the simulator {@code simulator} starts, to DONE; its stats after. */
    static SimulatorStats runAgainst(LabelerSimulator.Builder simulator, Path config, Path out) {
        try (LabelerSimulator sim = simulator.start()) {
            assertEquals(PipelineResult.State.DONE, runInProcess(config, out, "off", sim.baseUrl()));
            return sim.stats();
        }
    }

    /** Runs {@code config} in this JVM against {@code simulatorUrl} and waits for the job. */
    static PipelineResult.State runInProcess(Path config, Path out, String cacheMode, String simulatorUrl) {
        return finishedJob(config, out, cacheMode, simulatorUrl).getState();
    }

    /** As {@link #runInProcess}, returning the finished job (its metrics, for one). */
    static PipelineResult finishedJob(Path config, Path out, String cacheMode, String simulatorUrl) {
        LabelPanelOptions options = PipelineOptionsFactory.fromArgs(
                        "--config=" + config,
                        "--out=" + out,
                        "--runner=DirectRunner",
                        "--cacheMode=" + cacheMode,
                        "--simulatorUrl=" + simulatorUrl,
                        "--enforceImmutability=false",
                        "--enforceEncodability=false")
                .withValidation()
                .as(LabelPanelOptions.class);
        PipelineResult job = LabelPanelPipeline.run(options);
        job.waitUntilFinish();
        return job;
    }

    /** A child JVM running {@code labelpanel run} on the fat jar, its output going to {@code log}. */
    static ProcessBuilder child(Path config, Path out, Path log, String... extraArgs) {
        List<String> command =
                ChildProcess.labelpanelCommand(List.of("-Xmx1g"), ChildProcess.runArgs(config, out, extraArgs));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    }

    /**
     * Waits, polling every 100 ms, until {@code reached} holds or {@code child} ends; fails after 120 s with the
     * child's {@code log}. Then asserts the child is still alive (so it can be killed mid-run).
     */
    static void awaitWhileAlive(Process child, Path log, java.util.function.BooleanSupplier reached) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
        while (!reached.getAsBoolean() && child.isAlive()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the child did not get there in 120 s:\n" + Files.readString(log));
            }
            child.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        if (!child.isAlive()) {
            throw new AssertionError("the child finished before it could be killed:\n" + Files.readString(log));
        }
    }

    /**
     * Starts {@code labelpanel run} as a child ({@link #child}) and kills it once {@code reached} holds (see
     * {@link #awaitWhileAlive}); waits up to 30 s for it to end.
     */
    static void killWhen(Path config, Path out, Path log, java.util.function.BooleanSupplier reached) throws Exception {
        Process child = child(config, out, log).start();
        try {
            awaitWhileAlive(child, log, reached);
        } finally {
            child.destroyForcibly();
            child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** Runs {@code labelpanel run} again as a child; asserts it ends in 5 minutes with exit code 0; returns its log. */
    static String rerun(Path config, Path out, Path log) throws Exception {
        Process rerun = child(config, out, log).start();
        assertTrue(rerun.waitFor(5, java.util.concurrent.TimeUnit.MINUTES), "the rerun did not finish in 5 minutes");
        String text = Files.readString(log);
        assertEquals(0, rerun.exitValue(), text);
        return text;
    }

    /** Rows in the response cache's {@code answers} table; 0 while the file or table does not exist yet. */
    static long cachedAnswers(Path cacheDir) {
        File db = cacheDir.resolve("responses.db").toFile();
        if (!db.exists()) {
            return 0;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db + "?open_mode=1");
                Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 5000");
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM answers")) {
                return r.next() ? r.getLong(1) : 0;
            }
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("no such table")) {
                return 0;
            }
            throw new IllegalStateException("reading " + db + ": " + e.getMessage(), e);
        }
    }

    /** (item_id, label, label_source) of every row: what must not change between equivalent runs. */
    static Set<String> labels(Path out) throws IOException {
        return Outputs.readAll(out).stream()
                .map(r -> r.get("item_id") + " " + r.record().get("label") + " "
                        + r.record().get("label_source"))
                .collect(Collectors.toSet());
    }

    /** Sum of {@code calls/<labeler>/<what>} over the labelers of a run summary. */
    static long callsTotal(RunSummary summary, CallCount what) {
        long total = 0;
        for (String labeler : List.of("llama", "mistral", "qwen", "vicuna", "filler", "calibrator")) {
            total += summary.count(SummaryKey.calls(labeler, what));
        }
        return total;
    }
}
