package dev.labelpanel.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.pipelines.report.RunSummary;
import dev.labelpanel.pipelines.run.LabelPanelPipeline;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code RunJob}: the run command called the way Airflow's Beam Java operator calls a job class. */
class RunJobTest {
    @TempDir
    Path tmp;

    @Test
    void runsFromBeamStyleOptionsWithoutASubcommand() throws Exception {
        Path sample = Path.of("..", "sample-data", "dialogues", "openai.jsonl")
                .toAbsolutePath()
                .normalize();
        Path config = tmp.resolve("job.yaml");
        Files.writeString(config, "input:\n  paths: ['" + sample + "']\n");
        Path out = tmp.resolve("out");

        // As BeamRunJavaPipelineOperator passes pipeline_options: --key=value, True as a bare --key, and --runner=...
        int exit =
                RunJob.commandLine().execute("--config=" + config, "--out=" + out, "--runner=DirectRunner", "--quiet");

        assertEquals(0, exit);
        RunSummary summary = RunSummary.read(out.resolve(LabelPanelPipeline.SUMMARY_FILE));
        assertTrue(summary.balanced());
        try (Stream<Path> files = Files.walk(out)) {
            assertTrue(files.anyMatch(p -> p.toString().endsWith(".parquet")), "parquet written under " + out);
        }
    }

    @Test
    void aConfigMistakeExitsWithTwoAndOneLine() throws Exception {
        Path config = tmp.resolve("bad.yaml");
        Files.writeString(config, "input:\n  paths: ['" + tmp.resolve("nothing-here-*.jsonl") + "']\n");
        StringWriter err = new StringWriter();

        int exit = RunJob.commandLine()
                .setErr(new PrintWriter(err, true))
                .execute("--config=" + config, "--out=" + tmp.resolve("out"));

        assertEquals(2, exit);
        assertTrue(err.toString().contains("match no file"), err.toString());
    }

    @Test
    void watchModeRefusesAPreviousOutput() throws Exception {
        Path config = tmp.resolve("watch.yaml");
        Files.createDirectories(tmp.resolve("in"));
        Files.writeString(config, "input:\n  paths: ['" + tmp.resolve("in") + "/*.jsonl']\n");
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stderr = System.err;
        int exit;
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try { // picocli reports usage errors raised inside the command on System.err
            exit = RunJob.commandLine()
                    .execute(
                            "--config=" + config,
                            "--out=" + tmp.resolve("out"),
                            "--watch",
                            "--previous=" + tmp.resolve("old"));
        } finally {
            System.setErr(stderr);
        }

        assertEquals(2, exit);
        String message = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(message.contains("--watch does not take a previous output"), message);
        assertTrue(Files.notExists(tmp.resolve("out")), "nothing written");
    }
}
