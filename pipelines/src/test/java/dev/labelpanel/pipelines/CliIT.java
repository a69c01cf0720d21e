package dev.labelpanel.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labelpanel.pipelines.report.RunSummary;
import dev.labelpanel.pipelines.report.RunTiming;
import dev.labelpanel.transforms.summary.SummaryKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code labelpanel} command as a user runs it: the packaged fat jar in a child JVM (built by {@code package},
 * before Failsafe runs), with exit codes, stdout and stderr checked. Runs the sample against the embedded simulator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliIT {

    @TempDir
    static Path tmp;

    private Path config;

    @BeforeAll
    void writeConfig() throws IOException {
        config = SampleConfigs.faultFree(tmp);
    }

    private ChildProcess labelpanel(String... args) throws Exception {
        return ChildProcess.labelpanel(tmp, List.of(), args);
    }

    @Test
    void runWritesTheDatasetAndItsSummaryAndInspectReadsIt() throws Exception {
        Path out = tmp.resolve("out");
        ChildProcess run = labelpanel(ChildProcess.runArgs(config, out));
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("labelpanel run summary (" + out + ")"), run.out());
        assertTrue(run.out().contains("  records read           550  (in dialogues 539, dead letters 11)"), run.out());
        assertTrue(
                run.out()
                        .contains("no-loss checks    records read = in dialogues + dead letters: ok;"
                                + " items emitted = written + duplicates: ok"),
                run.out());
        assertTrue(run.out().contains("calls llama"), run.out());
        JsonNode summary =
                new ObjectMapper().readTree(out.resolve("run-summary.json").toFile());
        assertEquals(550, summary.path("records").path("read").asLong());
        for (String granularity : List.of("utterance", "context")) {
            try (Stream<Path> files = Files.list(out.resolve(granularity))) {
                assertTrue(files.anyMatch(f -> f.toString().endsWith(".parquet")), granularity);
            }
        }

        // The run's wall time is kept in its summary, so a report rebuilt later shows the run's own figure.
        RunTiming timing = RunTiming.of(RunSummary.read(out.resolve("run-summary.json")));
        assertNotNull(timing, "run-summary.json records the run's timing");
        assertTrue(timing.wallTime().toMillis() > 0, timing.toString());
        assertEquals(
                timing.wallTime().toMillis() / 1000.0,
                SummaryKey.wallSeconds().find(summary).asDouble(),
                1e-9);
        String wallTime = wallTimeCell(out);
        assertTrue(
                wallTime.startsWith(
                        String.format(Locale.ROOT, "%.1f s (", timing.wallTime().toMillis() / 1000.0)),
                wallTime);
        ChildProcess report = labelpanel("report", out.toString());
        assertEquals(0, report.exit(), report.err());
        assertEquals(wallTime, wallTimeCell(out), "the rebuilt report's wall time");

        ChildProcess inspect = labelpanel("inspect", out.toString(), "--rows", "2");
        assertEquals(0, inspect.exit(), inspect.err());
        assertTrue(inspect.out().contains("required binary item_id (STRING)"), inspect.out());
        assertTrue(inspect.out().contains("utterance train"), inspect.out());
        assertTrue(inspect.out().contains("NSFW"), inspect.out());
        assertEquals(2, inspect.out().lines().filter(l -> l.contains(" label=")).count(), inspect.out());
    }

    /** The wall time the overview of {@code out}'s report.html shows. */
    private static String wallTimeCell(Path out) throws IOException {
        Matcher cell = Pattern.compile("<td>wall time</td><td>([^<]*)</td>")
                .matcher(Files.readString(out.resolve("report.html")));
        assertTrue(cell.find(), "report.html has a wall time");
        return cell.group(1);
    }

    @Test
    void estimatePrintsJson() throws Exception {
        ChildProcess estimate = labelpanel("estimate", "--config", config.toString(), "--json", "--tie-rate", "0.2");
        assertEquals(0, estimate.exit(), estimate.err());
        JsonNode json = new ObjectMapper().readTree(estimate.out());
        assertEquals(4 * 953, json.path("calls").path("panel").asLong());
        assertEquals(0.2, json.path("assumptions").path("tie_rate").asDouble());
    }

    @Test
    void validateReportsABrokenConfigNamingTheKey() throws Exception {
        Path broken = tmp.resolve("broken.yaml");
        Files.writeString(broken, Files.readString(config).replace("vote_rule:", "vote_rul:"));
        ChildProcess run = labelpanel("validate", "--config", broken.toString());
        assertEquals(2, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("unknown key 'vote_rul'"), run.err());
        assertTrue(labelpanel("validate", "--config", config.toString()).out().contains(": valid"));
    }

    @Test
    void aRunnerThisJarLacksNamesTheJarThatHasIt() throws Exception {
        ChildProcess run = labelpanel(
                ChildProcess.runArgs(config, tmp.resolve("flink"), "--runner", "FlinkRunner", "--flinkMaster=[local]"));
        assertEquals(2, run.exit(), run.err());
        assertEquals(
                List.of(
                        "labelpanel: --runner FlinkRunner is not in this jar (it has the Direct runner only): use"
                                + " runners/flink/target/labelpanel-flink-<version>-all.jar, or ./labelpanel, which picks the jar by --runner"),
                run.err().lines().toList());
        assertFalse(Files.exists(tmp.resolve("flink/run-summary.json")));
    }

    @Test
    void aMissingConfigIsOneLineAndNoStackTrace() throws Exception {
        ChildProcess run =
                labelpanel("run", "--config", tmp.resolve("missing.yaml").toString());
        assertEquals(2, run.exit(), run.err());
        assertEquals(
                List.of("labelpanel: config file " + tmp.resolve("missing.yaml") + " does not exist"),
                run.err().lines().toList());
        assertFalse(run.err().contains("Exception"), run.err());
    }
}
