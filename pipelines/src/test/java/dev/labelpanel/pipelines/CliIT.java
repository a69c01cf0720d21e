package dev.labelpanel.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    private static final Path ROOT = Outputs.projectRoot();

    @TempDir
    static Path tmp;

    private Path jar;
    private Path config;

    record Run(int exit, String out, String err) {}

    @BeforeAll
    void findJarAndWriteConfig() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("pipelines/target"))) {
            jar = files.filter(p -> p.getFileName().toString().matches("labelpanel-pipelines-.*-all\\.jar"))
                    .findFirst()
                    .orElseThrow(
                            () -> new IllegalStateException("no fat jar in pipelines/target: run mvn package first"));
        }
        config = SampleConfigs.faultFree(tmp);
    }

    private Run labelpanel(String... args) throws Exception {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "stdout", ".txt");
        Path err = Files.createTempFile(tmp, "stderr", ".txt");
        Process p = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("labelpanel " + String.join(" ", args) + " did not finish in 5 minutes");
        }
        return new Run(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void runWritesTheDatasetAndItsSummaryAndInspectReadsIt() throws Exception {
        Path out = tmp.resolve("out");
        Run run = labelpanel("run", "--config", config.toString(), "--out", out.toString());
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

        Run inspect = labelpanel("inspect", out.toString(), "--rows", "2");
        assertEquals(0, inspect.exit(), inspect.err());
        assertTrue(inspect.out().contains("required binary item_id (STRING)"), inspect.out());
        assertTrue(inspect.out().contains("utterance train"), inspect.out());
        assertTrue(inspect.out().contains("NSFW"), inspect.out());
        assertEquals(2, inspect.out().lines().filter(l -> l.contains(" label=")).count(), inspect.out());
    }

    @Test
    void estimatePrintsJson() throws Exception {
        Run estimate = labelpanel("estimate", "--config", config.toString(), "--json", "--tie-rate", "0.2");
        assertEquals(0, estimate.exit(), estimate.err());
        JsonNode json = new ObjectMapper().readTree(estimate.out());
        assertEquals(4 * 953, json.path("calls").path("panel").asLong());
        assertEquals(0.2, json.path("assumptions").path("tie_rate").asDouble());
    }

    @Test
    void validateReportsABrokenConfigNamingTheKey() throws Exception {
        Path broken = tmp.resolve("broken.yaml");
        Files.writeString(broken, Files.readString(config).replace("vote_rule:", "vote_rul:"));
        Run run = labelpanel("validate", "--config", broken.toString());
        assertEquals(2, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("unknown key 'vote_rul'"), run.err());
        assertTrue(labelpanel("validate", "--config", config.toString()).out().contains(": valid"));
    }

    @Test
    void aRunnerThisJarLacksNamesTheJarThatHasIt() throws Exception {
        Run run = labelpanel(
                "run",
                "--config",
                config.toString(),
                "--out",
                tmp.resolve("flink").toString(),
                "--runner",
                "FlinkRunner",
                "--flinkMaster=[local]");
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
        Run run = labelpanel("run", "--config", tmp.resolve("missing.yaml").toString());
        assertEquals(2, run.exit(), run.err());
        assertEquals(
                List.of("labelpanel: config file " + tmp.resolve("missing.yaml") + " does not exist"),
                run.err().lines().toList());
        assertFalse(run.err().contains("Exception"), run.err());
    }
}
