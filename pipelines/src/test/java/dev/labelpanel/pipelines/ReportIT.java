package dev.labelpanel.pipelines;

import static dev.labelpanel.pipelines.RunFixture.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person opens after a run: {@code report.html} in a real headless Chromium (no console message, no
 * reference outside the page, every chart drawn; screenshots kept in pipelines/target/report-screenshots/), and the
 * dataset card {@code README.md} read by the real Python {@code datasets} library. The sample (with dead letters
 * and an unlabeled item), a run without labelers, and an output written before reports existed (rebuilt with
 * {@code labelpanel report}). The runs are {@code labelpanel run} on the fat jar, as a user runs it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportIT {
    private static final Path SCREENSHOTS = ROOT.resolve("pipelines/target/report-screenshots");
    private static final List<String> SAMPLE_LABELS = List.of("NSFW", "SFW");

    @TempDir
    static Path tmp;

    private Path sample;

    @BeforeAll
    void runTheSample() throws Exception {
        sample = tmp.resolve("sample");
        String out = labelpanel(
                "run", "--config", SampleConfigs.faultFree(tmp).toString(), "--out", sample.toString(), "--quiet");
        assertTrue(out.contains("  report            " + sample.resolve("report.html")), out);
    }

    private static String labelpanel(String... args) throws IOException, InterruptedException {
        ChildProcess run = ChildProcess.labelpanel(tmp, List.of(), args);
        assertEquals(0, run.exit(), run.output());
        return run.output();
    }

    /** Opens the report in Chromium and checks what any report must satisfy; returns the loaded DOM. */
    private static String openCleanly(Path out, String name) throws Exception {
        Path report = out.resolve("report.html");
        String html = Files.readString(report, StandardCharsets.UTF_8);
        assertEquals(List.of(), HeadlessChromium.externalReferences(html), "the page must load nothing from outside");
        assertFalse(html.contains("<script"), "the report needs no script");
        Path work = Files.createTempDirectory(tmp, "chromium-" + name);
        HeadlessChromium.Page page = HeadlessChromium.open(report, SCREENSHOTS.resolve(name + ".png"), work);
        assertEquals(List.of(), page.console(), "console messages (errors, blocked requests) loading " + report);
        assertTrue(page.dom().contains("Content-Security-Policy"), "the CSP that blocks every request is in the page");
        for (String chart : HeadlessChromium.charts(page.dom())) {
            assertTrue(
                    chart.contains("<svg")
                            && chart.contains("<text")
                            && (chart.contains("<rect") || chart.contains("<path")),
                    "a chart that did not render: " + chart.substring(0, Math.min(300, chart.length())));
        }
        return page.dom();
    }

    @Test
    void theSampleRunsReportLoadsInABrowserWithEveryChart() throws Exception {
        String dom = openCleanly(sample, "sample");
        List<String> charts = HeadlessChromium.charts(dom);
        // items, dead letters; per granularity labels, sources, agreement, kappa, confidence, calibration matrix and
        // outcomes; answers and latency per labeler; the Dawid-Skene confusion matrix of each panel labeler.
        int panel = new ObjectMapper()
                .readTree(sample.resolve("run-summary.json").toFile())
                .path("dawid_skene")
                .path("labelers")
                .size();
        assertEquals(4, panel, "the sample's panel labelers in the summary's Dawid-Skene fit");
        assertEquals(2 + 2 * 7 + 2 + panel, charts.size(), "charts in the sample's report");
        assertTrue(dom.contains("SIMULATION: the labels of this output come from the labeler simulator"), "notice");
        for (String title : List.of(
                "Cohen's kappa between labelers (utterance)",
                "Labels per split (context)",
                "Stage-1 (rows) vs calibrator (utterance)",
                "Answers per labeler",
                "Confidence of the final label (context)",
                "Dawid-Skene estimated confusion of qwen")) {
            assertTrue(dom.contains(title.replace("'", "&#39;")) || dom.contains(title), "no chart titled " + title);
        }
        assertTrue(dom.contains("Where the calibrator disagreed or revised (utterance)"), "review section");
        assertTrue(dom.contains("malformed-json (1 in all)"), "dead-letter examples by category");
        assertTrue(dom.contains("sim-calibrator-best"), "the labelers' models");
    }

    @Test
    void theSampleRunsDatasetCardLoadsWithHuggingFaceDatasets() throws Exception {
        String card = Files.readString(sample.resolve("README.md"), StandardCharsets.UTF_8);
        assertTrue(card.startsWith("---\n"), card);
        assertTrue(card.contains("**SIMULATION**"), card);
        JsonNode loaded = loadWithDatasets(sample, List.of("utterance", "context"));
        Map<String, Map<String, Long>> expected = rowsPerSplit(sample);
        assertTrue(expected.get("utterance").containsKey("unlabeled"), "the sample has an unlabeled item");
        for (String g : List.of("utterance", "context")) {
            Map<String, Long> got = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = loaded.path(g).fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> split = it.next();
                got.put(split.getKey(), split.getValue().path("rows").asLong());
                assertEquals(SAMPLE_LABELS, names(split.getValue().path("label_names")), g + " " + split.getKey());
                assertTrue(
                        split.getValue().path("columns").toString().contains("\"votes\""),
                        split.getValue().toString());
            }
            assertEquals(expected.get(g), got, g + ": rows per split as datasets loads them vs the Parquet files");
        }
    }

    @Test
    void aRunWithoutLabelersGetsAReportAndACard() throws Exception {
        Path config = tmp.resolve("no-labelers.yaml");
        String yaml = Files.readString(SampleConfigs.faultFree(tmp));
        int labeling = yaml.indexOf("# ---- Labeling");
        int watch = yaml.indexOf("\nwatch:");
        Files.writeString(config, yaml.substring(0, labeling) + yaml.substring(watch));
        Path out = tmp.resolve("no-labelers");
        labelpanel("run", "--config", config.toString(), "--out", out.toString(), "--quiet");
        String dom = openCleanly(out, "no-labelers");
        assertTrue(dom.contains("No labels: this run had no labelers"), "says why there are no labels");
        assertEquals(2, HeadlessChromium.charts(dom).size(), "items and dead letters only");
        assertFalse(dom.contains("SIMULATION:"), "no simulator answered");
        JsonNode loaded = loadWithDatasets(out, List.of("utterance", "context"));
        Map<String, Map<String, Long>> expected = rowsPerSplit(out);
        for (String g : List.of("utterance", "context")) {
            Map<String, Long> got = new TreeMap<>();
            loaded.path(g)
                    .fields()
                    .forEachRemaining(
                            s -> got.put(s.getKey(), s.getValue().path("rows").asLong()));
            assertEquals(expected.get(g), got, g);
        }
    }

    @Test
    void anOutputWrittenBeforeReportsGetsOneFromTheReportCommand() throws Exception {
        Path older = tmp.resolve("older");
        copy(sample, older);
        Files.delete(older.resolve("report.html"));
        Files.delete(older.resolve("README.md"));
        ObjectNode summary = (ObjectNode)
                new ObjectMapper().readTree(older.resolve("run-summary.json").toFile());
        summary.remove("method");
        new ObjectMapper()
                .writerWithDefaultPrettyPrinter()
                .writeValue(older.resolve("run-summary.json").toFile(), summary);

        String out = labelpanel("report", older.toString());
        assertTrue(out.contains("labelpanel: wrote " + older.resolve("report.html")), out);
        String dom = openCleanly(older, "older-output");
        assertTrue(dom.contains("written before run summaries recorded the labeling method"), "says what is unknown");
        assertTrue(HeadlessChromium.charts(dom).size() >= 14, "charts from the summary and the rows");
        JsonNode loaded = loadWithDatasets(older, List.of("utterance"));
        assertEquals(
                SAMPLE_LABELS,
                names(loaded.path("utterance").path("train").path("label_names")),
                "label names from the rows' label_id");
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    /** Rows per granularity and file part (train, …, unlabeled), read back independently with parquet-avro. */
    private static Map<String, Map<String, Long>> rowsPerSplit(Path out) throws IOException {
        Map<String, Map<String, Long>> rows = new TreeMap<>();
        for (Outputs.Row r : Outputs.readAll(out)) {
            String[] path = r.file().split("/");
            rows.computeIfAbsent(path[0], g -> new TreeMap<>())
                    .merge(path[1].substring(0, path[1].indexOf('-')), 1L, Long::sum);
        }
        return rows;
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.asText()));
        return names;
    }

    /** {@code datasets.load_dataset(out, config)} per config, offline, in the Python that .ci/run prepares. */
    private static JsonNode loadWithDatasets(Path out, List<String> configs) throws Exception {
        Path python = ExternalTool.find(
                "LABELPANEL_PYTHON",
                Path.of(System.getProperty("user.home"), ".cache/labelpanel-ci/python-datasets/bin/python")
                        .toString(),
                "set LABELPANEL_PYTHON to a Python with"
                        + " datasets and pyarrow (.ci/run makes that virtualenv in ~/.cache/labelpanel-ci/python-datasets)");
        Path script = tmp.resolve("load_dataset.py");
        Files.writeString(script, """
        import json, sys
        import datasets
        out, configs = sys.argv[1], sys.argv[2:]
        result = {}
        for config in configs:
            loaded = datasets.load_dataset(out, config)
            result[config] = {
                split: {"rows": ds.num_rows, "columns": ds.column_names,
                        "label_names": getattr(ds.features["label_id"], "names", None)}
                for split, ds in loaded.items()}
        print("RESULT " + json.dumps(result))
        """);
        List<String> command = new ArrayList<>(List.of(python.toString(), script.toString(), out.toString()));
        command.addAll(configs);
        ChildProcess load = ChildProcess.run(
                command,
                Map.of(
                        "HF_DATASETS_OFFLINE",
                        "1",
                        "HF_HUB_OFFLINE",
                        "1",
                        "HF_HOME",
                        Files.createTempDirectory(tmp, "hf-home").toString()),
                tmp,
                Duration.ofMinutes(5));
        String output = load.output();
        assertEquals(0, load.exit(), output);
        String line = output.lines()
                .filter(l -> l.startsWith("RESULT "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no result from the datasets script: " + output));
        return new ObjectMapper().readTree(line.substring("RESULT ".length()));
    }
}
