package dev.labelpanel.pipelines.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.OperatingSystemMXBean;
import dev.labelpanel.pipelines.inspect.OutputFiles;
import dev.labelpanel.pipelines.report.RunSummary;
import dev.labelpanel.pipelines.run.LabelPanelOptions;
import dev.labelpanel.pipelines.run.LabelPanelPipeline;
import dev.labelpanel.transforms.label.LiveProgress;
import dev.labelpanel.transforms.llm.ChatMessage;
import dev.labelpanel.transforms.llm.ChatRequest;
import dev.labelpanel.transforms.llm.LlmClient;
import dev.labelpanel.transforms.llm.LlmClients;
import dev.labelpanel.transforms.llm.LlmEndpoint;
import dev.labelpanel.transforms.prompt.LabelSet;
import dev.labelpanel.transforms.prompt.Prompts;
import dev.labelpanel.transforms.summary.CallCount;
import dev.labelpanel.transforms.summary.SummaryKey;
import dev.labelpanel.transforms.vote.LabelParser;
import dev.labelpanel.transforms.vote.VoteRule;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Issue #7's benchmark: the real pipeline on the real CensorChat pools against the simulator (a separate process,
 * so this JVM's CPU time is the pipeline's), 4 panel models + filler + calibrator, median 250 ms latency,
 * max_concurrency 32 per endpoint, cache off. Reports wall time, the endpoint-concurrency bound and efficiency,
 * calls per item, CPU per 1,000 items, peak RSS; the same at zero latency; a naive one-call-at-a-time baseline on a
 * sample; and a warm-cache rerun. With a second argument {@code adaptive}: only the 250 ms run, in {@code panel_mode}
 * full and then adaptive against one simulator process, each with its efficiency (issue #14). Bounded: a fixed data set, a fixed sample. Run (see BENCHMARKS.md):
 *
 * <pre>
 * mvn -B -q -o -pl simulator package -DskipTests
 * mvn -B -q -o -pl pipelines -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * CP="$(cat /tmp/cp.txt):schemas/target/classes:simulator/target/classes:transforms/target/classes:pipelines/target/classes:pipelines/target/test-classes"
 * java -cp "$CP" dev.labelpanel.pipelines.bench.LabelingBenchmark [baselineSampleItems] [zero|adaptive]
 * </pre>
 */
public final class LabelingBenchmark {
    /** The bench simulator's models and the labelers that call them, in the same order. */
    static final List<String> MODELS = List.of(
            "sim-llama-7b",
            "sim-mistral-7b",
            "sim-qwen-7b",
            "sim-vicuna-7b",
            "sim-filler-large",
            "sim-calibrator-best");

    static final List<String> NAMES = List.of("llama", "mistral", "qwen", "vicuna", "filler", "calibrator");
    private static final int CONCURRENCY = 32;

    private final Path root;
    private final Path work;

    private LabelingBenchmark(Path root, Path work) {
        this.root = root;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        int sample = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        String only = args.length > 1 ? args[1] : "";
        Path root = Path.of("").toAbsolutePath();
        Path work = Files.createTempDirectory("labelpanel-bench");
        LabelingBenchmark bench = new LabelingBenchmark(root, work);
        if (only.equals("zero")) {
            bench.zeroLatency(); // for profiling the pipeline's own overhead (e.g. under JFR)
        } else if (only.equals("adaptive")) {
            bench.efficiencyByPanelMode();
        } else {
            bench.run(sample);
        }
    }

    /** Issue #14: efficiency against the endpoint-concurrency bound, full then adaptive panel, one simulator. */
    private void efficiencyByPanelMode() throws Exception {
        try (SimulatorProcess sim = SimulatorProcess.start(root, 1.0)) {
            for (String mode : List.of("full", "adaptive")) {
                Result r = pipelineRun(sim, mode, "off", mode);
                print("panel_mode " + mode + ", latency 250 ms, cache off", r);
                efficiency(r);
                callsPerItem(r);
            }
        }
    }

    private static void efficiency(Result r) throws IOException {
        double bound = bound(r.out());
        System.out.printf(
                "  bound (busiest endpoint's latency sum / %d): %.1f s; efficiency %.3f; labeling phase %.1f s,"
                        + " efficiency %.3f%n",
                CONCURRENCY, bound, bound / r.wallSeconds(), r.labelingSeconds(), bound / r.labelingSeconds());
    }

    private void zeroLatency() throws Exception {
        try (SimulatorProcess sim = SimulatorProcess.start(root, 0.0)) {
            zeroLatency(sim);
        }
    }

    /** The pipeline's own overhead: a run against a simulator that answers at once. */
    private void zeroLatency(SimulatorProcess sim) throws Exception {
        double simCpu0 = sim.cpuSeconds();
        Result zero = pipelineRun(sim, "zero", "off");
        print("zero latency, cache off", zero);
        System.out.printf(
                "  overhead: %.0f items/s end to end (4 panel calls per item); simulator process CPU %.1f s%n",
                zero.items() / zero.wallSeconds(), sim.cpuSeconds() - simCpu0);
    }

    private void run(int sample) throws Exception {
        System.out.printf(
                "machine: %d cores, %s, Java %s%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"),
                System.getProperty("java.version"));
        Result full;
        try (SimulatorProcess sim = SimulatorProcess.start(root, 1.0)) {
            full = pipelineRun(sim, "full", "off");
            print("latency 250 ms, cache off", full);
            efficiency(full);
            System.out.printf(
                    "  simulator in-flight max (all models): %d%n",
                    sim.stats().path("in_flight_max").asLong());
            JsonNode models = sim.stats().path("models");
            StringBuilder perModel =
                    new StringBuilder("  simulator in-flight max per model (cap " + CONCURRENCY + "):");
            models.fieldNames()
                    .forEachRemaining(m -> perModel.append(' ')
                            .append(m)
                            .append('=')
                            .append(models.path(m).path("in_flight_max").asLong()));
            System.out.println(perModel);
            callsPerItem(full);
            double baselineSeconds = baseline(sim, sample);
            double extrapolated = baselineSeconds / sample * full.items();
            System.out.printf(
                    "  naive baseline: %d items one call at a time in %.1f s -> %.0f s for %d items = %.1fx the"
                            + " pipeline%n",
                    sample, baselineSeconds, extrapolated, full.items(), extrapolated / full.wallSeconds());
        }
        try (SimulatorProcess sim = SimulatorProcess.start(root, 0.0)) {
            zeroLatency(sim);
            pipelineRun(sim, "fill-cache", "use");
            sim.resetStats();
            Result warm = pipelineRun(sim, "warm", "use");
            print("warm cache rerun", warm);
            System.out.printf(
                    "  simulator requests during the warm rerun: %d%n",
                    sim.stats().path("models").findValues("requests").stream()
                            .mapToLong(JsonNode::asLong)
                            .sum());
        }
    }

    record Result(
            String name,
            Path out,
            double wallSeconds,
            double cpuSeconds,
            long items,
            long peakRssKb,
            RunSummary summary,
            double labelingSeconds) {}

    private Result pipelineRun(SimulatorProcess sim, String name, String cacheMode) throws Exception {
        return pipelineRun(sim, name, cacheMode, "full");
    }

    private Result pipelineRun(SimulatorProcess sim, String name, String cacheMode, String panelMode) throws Exception {
        Path out = work.resolve(name);
        Path config = work.resolve(name + ".yaml");
        StringBuilder yaml = new StringBuilder();
        yaml.append("input:\n  paths: ['")
                .append(root.resolve("../shared/data/censorchat").normalize())
                .append("/*.json']\n");
        yaml.append("labelers:\n");
        for (int i = 0; i < MODELS.size(); i++) {
            yaml.append("  - {name: ")
                    .append(NAMES.get(i))
                    .append(", base_url: '")
                    .append(sim.baseUrl())
                    .append("', model: ")
                    .append(MODELS.get(i))
                    .append(", max_tokens: 64, max_concurrency: ")
                    .append(CONCURRENCY)
                    .append("}\n");
        }
        yaml.append("roles: {panel: [llama, mistral, qwen, vicuna], filler: filler, calibrator: calibrator}\n");
        yaml.append("panel_mode: ")
                .append(panelMode)
                .append("\nmax_items_in_flight: 512\ncache: {dir: '")
                .append(work.resolve("cache"))
                .append("'}\n");
        Files.writeString(config, yaml.toString());
        LabelPanelOptions options = PipelineOptionsFactory.fromArgs(
                        "--config=" + config,
                        "--out=" + out,
                        "--cacheMode=" + cacheMode,
                        "--enforceImmutability=false",
                        "--enforceEncodability=false")
                .withValidation()
                .as(LabelPanelOptions.class);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        LabelingWindow window = LabelingWindow.watch();
        LabelPanelPipeline.run(options).waitUntilFinish();
        double wall = (System.nanoTime() - t0) / 1e9;
        double labeling = window.stop();
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        RunSummary summary = RunSummary.read(out.resolve(LabelPanelPipeline.SUMMARY_FILE));
        long items = summary.countAll(SummaryKey::itemsWritten);
        return new Result(name, out, wall, cpu, items, peakRssKb(), summary, labeling);
    }

    /**
     * The labeling phase of a run in this JVM: first item started to last item finished, from {@link LiveProgress}
     * sampled every 50 ms (so within about 0.1 s).
     */
    private static final class LabelingWindow {
        private final LiveProgress.Counts base = LiveProgress.now();
        private final Thread sampler;
        private volatile long first = -1;
        private volatile long last = -1;
        private volatile boolean running = true;

        private LabelingWindow() {
            sampler = new Thread(() -> {
                long finished = 0;
                while (running) {
                    LiveProgress.Counts c = LiveProgress.now().since(base);
                    long now = System.nanoTime();
                    if (first < 0 && c.started() > 0) {
                        first = now;
                    }
                    if (c.finished() > finished) {
                        finished = c.finished();
                        last = now;
                    }
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            });
            sampler.setDaemon(true);
        }

        static LabelingWindow watch() {
            LabelingWindow w = new LabelingWindow();
            w.sampler.start();
            return w;
        }

        double stop() throws InterruptedException {
            running = false;
            sampler.join();
            return first < 0 || last < 0 ? Double.NaN : (last - first) / 1e9;
        }
    }

    private static void print(String what, Result r) {
        System.out.printf(
                Locale.ROOT,
                "%s: %d items in %.1f s wall, %.1f s CPU (%.2f CPU s per 1,000 items), peak RSS %d MB%n",
                what,
                r.items(),
                r.wallSeconds(),
                r.cpuSeconds(),
                r.cpuSeconds() * 1000 / r.items(),
                r.peakRssKb() / 1024);
    }

    private static void callsPerItem(Result r) {
        StringBuilder s = new StringBuilder("  answers per item:");
        for (String name : NAMES) {
            s.append(String.format(
                    Locale.ROOT,
                    " %s %.3f",
                    name,
                    (double) r.summary().count(SummaryKey.calls(name, CallCount.ANSWERS)) / r.items()));
        }
        System.out.println(s);
    }

    /** The busiest endpoint's summed answer latencies (from the votes in the output) divided by its cap, in seconds. */
    private static double bound(Path out) throws IOException {
        Map<String, Long> latency = new HashMap<>();
        for (Path file : OutputFiles.allParquet(out)) {
            OutputFiles.readRows(file, row -> {
                List<GenericRecord> votes = new ArrayList<>();
                for (Object v : (List<?>) row.get("votes")) {
                    votes.add((GenericRecord) v);
                }
                GenericRecord cal = (GenericRecord) row.get("calibration");
                if (cal != null) {
                    votes.add((GenericRecord) cal.get("first_answer"));
                    if (cal.get("critique_answer") != null) {
                        votes.add((GenericRecord) cal.get("critique_answer"));
                    }
                }
                for (GenericRecord vote : votes) {
                    Object ms = vote.get("latency_ms");
                    if (ms != null) {
                        latency.merge(vote.get("labeler").toString(), (Long) ms, Long::sum);
                    }
                }
            });
        }
        System.out.println("  summed latency per endpoint (s): "
                + latency.entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue() / 1000)
                        .toList());
        return latency.values().stream().mapToLong(Long::longValue).max().orElse(0) / 1000.0 / CONCURRENCY;
    }

    /** The paper's reference way: one synchronous call at a time, panel then filler/calibrator, on a sample. */
    private double baseline(SimulatorProcess sim, int sample) throws Exception {
        LabelSet labels = LabelSet.defaults();
        Prompts prompts = Prompts.defaults();
        LabelParser parser = new LabelParser(labels);
        List<LlmClient> clients = new ArrayList<>();
        for (int i = 0; i < MODELS.size(); i++) {
            clients.add(LlmClients.get(LlmEndpoint.builder("baseline-" + NAMES.get(i), sim.baseUrl(), MODELS.get(i))
                    .maxTokens(64)
                    .maxConcurrency(1)
                    .build()));
        }
        JsonNode pool = new ObjectMapper()
                .readTree(root.resolve("../shared/data/censorchat/utterance_valid_test_set.json")
                        .toFile());
        long t0 = System.nanoTime();
        for (int i = 0; i < sample; i++) {
            List<ChatMessage> prompt = prompts.itemPrompt(
                    "utterance", pool.get(i * 97 % pool.size()).get("text").asText(), null, labels);
            List<String> votes = new ArrayList<>();
            for (int m = 0; m < 4; m++) {
                var r = clients.get(m).complete(ChatRequest.of(prompt)).get();
                votes.add(parser.parse(r.content(), r.finishReason()).label());
            }
            if (VoteRule.panelMajority().tally(votes).winner() == null) {
                clients.get(4).complete(ChatRequest.of(prompt)).get();
            }
            if (i % 5 == 0) { // about the share of validation + test items (0.18)
                clients.get(5).complete(ChatRequest.of(prompt)).get();
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static long peakRssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** The simulator as its own process on a free loopback port (bounded: killed when the benchmark ends). */
    static final class SimulatorProcess implements AutoCloseable {
        private final Process process;
        private final int port;

        private SimulatorProcess(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static SimulatorProcess start(Path root, double latencyScale) throws Exception {
            int port;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path jar;
            try (Stream<Path> jars = Files.list(root.resolve("simulator/target"))) {
                jar = jars.filter(p -> p.getFileName().toString().endsWith("-all.jar"))
                        .findFirst()
                        .orElseThrow();
            }
            Process p = new ProcessBuilder(
                            "java",
                            "-jar",
                            jar.toString(),
                            "--profile",
                            root.resolve("configs/simulator/bench.yaml").toString(),
                            "--port",
                            Integer.toString(port),
                            "--latency-scale",
                            Double.toString(latencyScale))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            SimulatorProcess sim = new SimulatorProcess(p, port);
            for (int i = 0; i < 200; i++) {
                try {
                    sim.stats();
                    return sim;
                } catch (IOException e) {
                    Thread.sleep(100);
                }
            }
            p.destroyForcibly();
            throw new IllegalStateException("the simulator did not start");
        }

        /** CPU time the simulator process has used so far. */
        double cpuSeconds() {
            return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
        }

        String baseUrl() {
            return "http://127.0.0.1:" + port + "/v1";
        }

        JsonNode stats() throws IOException, InterruptedException {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/stats"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return new ObjectMapper().readTree(r.body());
        }

        void resetStats() throws IOException, InterruptedException {
            HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/stats/reset"))
                                    .POST(HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
        }

        @Override
        public void close() {
            process.destroy();
        }
    }
}
