package dev.labelpanel.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.pipelines.config.ConfigLoader;
import dev.labelpanel.pipelines.report.RunSummary;
import dev.labelpanel.pipelines.run.EmbeddedSimulator;
import dev.labelpanel.transforms.extract.Granularity;
import dev.labelpanel.transforms.summary.SummaryKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code labelpanel run --watch} as a user runs it: the fat jar in a child JVM watches an empty folder and labels
 * against the embedded simulator (SIMULATION). Two files are dropped in one after the other, each once the
 * previous window is written; SIGTERM then stops the job, which must exit 0. The two window folders together must
 * hold exactly what one batch run over both files writes (the same items, splits and labels; duplicates across
 * the files removed once), read back with plain parquet-avro, and each window's summary must add up on its own.
 */
class WatchIT {
    private static final long DEADLINE_SECONDS = 240;

    @TempDir
    Path tmp;

    @Test
    void newFilesBecomeWindowsThatTogetherEqualOneBatchRunAndSigtermStopsCleanly() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path staging = Files.createDirectories(tmp.resolve("staging"));
        Path cache = tmp.resolve("cache");
        Path config = RunFixture.sampleConfig(tmp, in + "/*", cache, Map.of("latency_scale: 0.05", "latency_scale: 0"));
        Path out = tmp.resolve("watched");
        Path log = tmp.resolve("watch.log");
        // Two slices of the sample chats that overlap in 8 records: the second file repeats texts of the first.
        List<String> chats = Files.readAllLines(RunFixture.ROOT.resolve("sample-data/dialogues/openai.jsonl"));
        Map<String, List<String>> files = new java.util.LinkedHashMap<>();
        files.put("first.jsonl", chats.subList(0, 20));
        files.put("second.jsonl", chats.subList(12, 32));

        long start = System.nanoTime();
        Process child = RunFixture.child(config, out, log, "--watch", "--poll-interval", "1s", "--window", "3s")
                .start();
        List<Path> windows = new ArrayList<>();
        try {
            for (Map.Entry<String, List<String>> file : files.entrySet()) {
                // Written elsewhere and moved in, as the docs ask: a file is never seen half-written.
                Path staged = Files.write(staging.resolve(file.getKey()), file.getValue());
                Files.move(staged, in.resolve(file.getKey()), StandardCopyOption.ATOMIC_MOVE);
                windows.add(awaitNewWindow(out, windows, child, log));
                System.out.printf("window of %s written after %d s%n", file.getKey(), seconds(start));
            }
        } finally {
            child.destroy(); // SIGTERM
        }
        assertTrue(
                child.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS), "no exit after SIGTERM:\n" + Files.readString(log));
        String logText = Files.readString(log);
        System.out.printf("stopped after %d s%n", seconds(start));
        assertEquals(0, child.exitValue(), logText);
        assertTrue(logText.contains("labelpanel watch stopped: 2 windows"), logText);
        assertEquals(windows, finishedWindows(out), "no window beyond the two files'");

        // Each window is a complete increment: its summary adds up and counts exactly the rows in its folder.
        List<Outputs.Row> rows = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            Path window = windows.get(i);
            RunSummary summary = RunSummary.read(window.resolve("run-summary.json"));
            assertTrue(summary.balanced(), window + " does not add up:\n" + summary.render(window.toString()));
            List<Outputs.Row> windowRows = Outputs.readAll(window);
            for (Granularity granularity : Granularity.values()) {
                assertEquals(
                        summary.count(SummaryKey.itemsWritten(granularity)),
                        windowRows.stream()
                                .filter(r -> granularity.wireName().equals(r.get("granularity")))
                                .count(),
                        window + " " + granularity);
            }
            String source = new ArrayList<>(files.keySet()).get(i);
            assertTrue(
                    windowRows.stream().allMatch(r -> r.get("source_file").endsWith("/" + source)),
                    window + " holds rows of another file than " + source);
            rows.addAll(windowRows);
        }
        List<String> ids = rows.stream().map(r -> r.get("item_id")).toList();
        assertEquals(ids.size(), new HashSet<>(ids).size(), "an item written in two windows");

        // The reference: one batch run over both files, answered from the cache the watch run filled.
        Path both = Files.createDirectories(tmp.resolve("both"));
        for (Map.Entry<String, List<String>> file : files.entrySet()) {
            Files.write(both.resolve(file.getKey()), file.getValue());
        }
        Path batchConfig =
                RunFixture.sampleConfig(tmp, both + "/*", cache, Map.of("latency_scale: 0.05", "latency_scale: 0"));
        Path batch = tmp.resolve("batch");
        try (EmbeddedSimulator sim =
                EmbeddedSimulator.start(ConfigLoader.load(batchConfig).simulator())) {
            assertEquals(PipelineResult.State.DONE, RunFixture.runInProcess(batchConfig, batch, "use", sim.baseUrl()));
        }
        assertEquals(labeled(Outputs.readAll(batch)), labeled(rows));
        RunSummary reference = RunSummary.read(batch.resolve("run-summary.json"));
        List<RunSummary> summaries = new ArrayList<>();
        for (Path window : windows) {
            summaries.add(RunSummary.read(window.resolve("run-summary.json")));
        }
        List<SummaryKey> counts = new ArrayList<>(List.of(SummaryKey.recordsRead(), SummaryKey.deadLetters()));
        for (Granularity g : Granularity.values()) {
            counts.addAll(
                    List.of(SummaryKey.itemsEmitted(g), SummaryKey.itemsDuplicates(g), SummaryKey.itemsWritten(g)));
        }
        for (SummaryKey count : counts) {
            assertEquals(
                    reference.count(count),
                    summaries.stream().mapToLong(s -> s.count(count)).sum(),
                    count.path());
        }
        assertTrue(
                summaries.get(1).count(SummaryKey.itemsDuplicates(Granularity.UTTERANCE)) >= 8,
                "the second file repeats 8 records of the first: its window drops their items as duplicates");
    }

    private static long seconds(long startNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
    }

    /** (item_id, split, label, label_source) of each row: what a windowed and a batch run must agree on. */
    private static Set<String> labeled(List<Outputs.Row> rows) {
        return rows.stream()
                .map(r -> r.get("item_id") + " " + r.get("split") + " " + r.get("label") + " " + r.get("label_source"))
                .collect(Collectors.toSet());
    }

    /** Waits until one more window folder than {@code known} has its run summary, which is written last. */
    private static Path awaitNewWindow(Path out, List<Path> known, Process child, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (true) {
            List<Path> finished = finishedWindows(out);
            if (finished.size() > known.size()) {
                assertEquals(known.size() + 1, finished.size(), "one file makes one window: " + finished);
                return finished.get(known.size());
            }
            assertTrue(child.isAlive(), "the watch run ended:\n" + Files.readString(log));
            assertTrue(
                    System.nanoTime() < deadline,
                    "no new window in " + DEADLINE_SECONDS + " s:\n" + Files.readString(log));
            child.waitFor(250, TimeUnit.MILLISECONDS);
        }
    }

    /** Window folders with a run summary, oldest first (their names start with the window's start time). */
    private static List<Path> finishedWindows(Path out) throws IOException {
        Path windows = out.resolve("windows");
        if (!Files.isDirectory(windows)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(windows)) {
            return list.filter(w -> Files.isRegularFile(w.resolve("run-summary.json")))
                    .sorted()
                    .toList();
        }
    }
}
