package dev.labelpanel.pipelines.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labelpanel.pipelines.config.ConfigLoader;
import dev.labelpanel.pipelines.config.LabelingPlan;
import dev.labelpanel.pipelines.config.RunConfig;
import dev.labelpanel.pipelines.run.EmbeddedSimulator;
import dev.labelpanel.schemas.Item;
import dev.labelpanel.schemas.LabeledItem;
import dev.labelpanel.schemas.Vote;
import dev.labelpanel.transforms.label.ItemLabeler;
import dev.labelpanel.transforms.llm.LlmEndpoint;
import dev.labelpanel.transforms.llm.cache.CacheMode;
import dev.labelpanel.transforms.splits.SplitAssigner;
import dev.labelpanel.transforms.splits.SplitRatios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

/**
 * Hedged requests A/B at the item level (issue #14): the labeling chain the pipeline's labeling DoFn runs for each
 * item ({@link ItemLabeler#label}: panel, gap fill, calibration with self-criticism), driven directly with
 * {@code inFlight} items at a time — as the DoFn does with {@code max_items_in_flight} — over the first {@code items}
 * distinct CensorChat utterances (../shared/data/censorchat, read in place; splits as the pipeline assigns them, so
 * about 18 % are calibrated). The sample's 4-model panel + filler + calibrator with {@code max_concurrency} per
 * labeler, against the embedded simulator (real HTTP on loopback) with {@code profile} at latency scale 1: once
 * with {@code limits.hedge_fraction: 0}, once with the default, each against a fresh simulator with the same seed, so
 * the same attempts are slow in both. Item latency = {@code label(item)} called → its future completes; wall time =
 * first item started → last finished. Extra calls = HTTP requests the simulator counted beyond the unhedged run's.
 * SIMULATION. Run (after test-compile, with the classpath of BENCHMARKS.md):
 *
 * <pre>
 * java -cp "$CP" dev.labelpanel.pipelines.bench.ItemLatencyBenchmark configs/simulator/heavy-tail.yaml 1500 64 16
 * </pre>
 */
public final class ItemLatencyBenchmark {
    private ItemLatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of("").toAbsolutePath();
        Path profile = root.resolve(args[0]);
        int items = Integer.parseInt(args[1]);
        int inFlight = Integer.parseInt(args[2]);
        int concurrency = Integer.parseInt(args[3]);
        List<Item> work = items(root.resolve("../shared/data/censorchat/utterance_valid_test_set.json"), items);
        Path dir = Files.createTempDirectory("labelpanel-item-latency");
        long baseRequests = -1;
        for (String fraction : List.of("0", String.valueOf(LlmEndpoint.DEFAULT_HEDGE_FRACTION))) {
            Path config = config(dir, root, profile, inFlight, concurrency, fraction);
            RunConfig loaded = ConfigLoader.load(config);
            try (EmbeddedSimulator sim = EmbeddedSimulator.start(loaded.simulator())) {
                ItemLabeler labeler =
                        LabelingPlan.of(loaded, sim.baseUrl(), CacheMode.OFF).newItemLabeler();
                long requests = run(labeler, work, inFlight, fraction, sim);
                if (baseRequests < 0) {
                    baseRequests = requests;
                } else {
                    System.out.printf(
                            Locale.ROOT,
                            "  extra HTTP requests with hedging: %d (%.2f%% of the unhedged run's %d)%n",
                            requests - baseRequests,
                            100.0 * (requests - baseRequests) / baseRequests,
                            baseRequests);
                }
            }
        }
    }

    private static long run(ItemLabeler labeler, List<Item> work, int inFlight, String fraction, EmbeddedSimulator sim)
            throws Exception {
        long[] latency = new long[work.size()];
        ConcurrentLinkedQueue<LabeledItem> rows = new ConcurrentLinkedQueue<>();
        Semaphore room = new Semaphore(inFlight);
        List<CompletableFuture<LabeledItem>> all = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < work.size(); i++) {
            room.acquire();
            int n = i;
            long t0 = System.nanoTime();
            all.add(labeler.label(work.get(i)).whenComplete((row, error) -> {
                latency[n] = System.nanoTime() - t0;
                if (row != null) {
                    rows.add(row);
                }
                room.release();
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        double wall = (System.nanoTime() - start) / 1e9;
        Map<String, long[]> perLabeler = new TreeMap<>();
        long answers = 0;
        long hedged = 0;
        long won = 0;
        for (LabeledItem row : rows) {
            List<Vote> votes = new ArrayList<>(row.getVotes());
            if (row.getCalibration() != null) {
                votes.add(row.getCalibration().getFirstAnswer());
                if (row.getCalibration().getCritiqueAnswer() != null) {
                    votes.add(row.getCalibration().getCritiqueAnswer());
                }
            }
            for (Vote v : votes) {
                answers += v.getAttempts() > 0 ? 1 : 0;
                hedged += v.getHedged() ? 1 : 0;
                won += v.getHedgeWon() ? 1 : 0;
                perLabeler.computeIfAbsent(v.getLabeler(), k -> new long[2])[0] += v.getAttempts() > 0 ? 1 : 0;
                perLabeler.get(v.getLabeler())[1] += v.getHedged() ? 1 : 0;
            }
        }
        long requests = sim.simulator().stats().totalRequests();
        Arrays.sort(latency);
        System.out.printf(
                Locale.ROOT,
                "hedge_fraction %s: %d items, %d in flight: wall %.1f s; item latency p50 %d ms, p90 %d ms,"
                        + " p99 %d ms, max %d ms; calls %d, hedged %d (%.2f%% of calls), backup won %d;"
                        + " HTTP requests at the simulator %d%n",
                fraction,
                work.size(),
                inFlight,
                wall,
                ms(latency, 0.50),
                ms(latency, 0.90),
                ms(latency, 0.99),
                latency[latency.length - 1] / 1_000_000,
                answers,
                hedged,
                100.0 * hedged / answers,
                won,
                requests);
        StringBuilder shares = new StringBuilder("  hedged share of calls per labeler:");
        perLabeler.forEach((name, n) ->
                shares.append(String.format(Locale.ROOT, " %s %d/%d (%.1f%%)", name, n[1], n[0], 100.0 * n[1] / n[0])));
        System.out.println(shares);
        return requests;
    }

    private static long ms(long[] sorted, double q) {
        return sorted[(int) Math.ceil(sorted.length * q) - 1] / 1_000_000;
    }

    /** The first {@code n} distinct utterances of the pool, as utterance items with the pipeline's default splits. */
    private static List<Item> items(Path pool, int n) throws Exception {
        JsonNode records = new ObjectMapper().readTree(pool.toFile());
        Set<String> texts = new LinkedHashSet<>();
        for (int i = 0; i < records.size() && texts.size() < n; i++) {
            texts.add(records.get(i).path("text").asText().strip().replaceAll("\\s+", " "));
        }
        SplitAssigner splits = new SplitAssigner(SplitRatios.DEFAULT, 20230601L);
        List<Item> items = new ArrayList<>();
        int i = 0;
        for (String text : texts) {
            items.add(Item.newBuilder()
                    .setItemId("u" + i)
                    .setDialogueId("d" + i)
                    .setGranularity("utterance")
                    .setRole("user")
                    .setText(text)
                    .setTurnIndex(0)
                    .setSourceFile(pool.toString())
                    .setRecordNumber(i++)
                    .setDedupKey(text)
                    .setSplit(splits.splitOf(text))
                    .build());
        }
        return items;
    }

    /** The sample's labelers against {@code profile} at latency scale 1, with the given hedge fraction. */
    private static Path config(Path dir, Path root, Path profile, int inFlight, int concurrency, String hedgeFraction)
            throws Exception {
        String yaml = Files.readString(root.resolve("configs/sample.yaml"))
                .replaceFirst("(?s)  paths:\n.*?\n  format:", "  paths: [unused.jsonl]\n  format:")
                .replace("profile: simulator/panel-default.yaml", "profile: " + profile)
                .replace("latency_scale: 0.05", "latency_scale: 1")
                .replace("max_concurrency: 16", "max_concurrency: " + concurrency)
                .replace("max_items_in_flight: 256", "max_items_in_flight: " + inFlight)
                .replace("\ncache:", "\nlimits: {hedge_fraction: " + hedgeFraction + "}\ncache:")
                .replace("dir: ../out/cache", "dir: " + dir.resolve("cache"))
                .replace("dir: ../out/sample", "dir: " + dir.resolve("out"));
        Path config = dir.resolve("hedge-" + hedgeFraction + ".yaml");
        Files.writeString(config, yaml);
        return config;
    }
}
