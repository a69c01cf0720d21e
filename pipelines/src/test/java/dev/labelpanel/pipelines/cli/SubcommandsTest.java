package dev.labelpanel.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The subcommands' shared plumbing ({@link CliCommand}): output, usage errors and {@code --verbose}. */
class SubcommandsTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int labelpanel(String... args) {
        CommandLine cli = LabelPanelCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void validatePrintsItsVerdictOnStandardOutput() throws Exception {
        Files.writeString(tmp.resolve("in.jsonl"), "{\"text\": \"hi\"}\n");
        Path config = tmp.resolve("run.yaml");
        Files.writeString(config, "input:\n  paths: [in.jsonl]\n");
        assertEquals(0, labelpanel("validate", "--config", config.toString(), "--verbose"), err.toString());
        assertTrue(out.toString().contains(": valid"), out.toString());
    }

    @Test
    void aBadOptionValueIsAUsageErrorNamingIt() {
        assertEquals(2, labelpanel("inspect", tmp.toString(), "--rows", "-1"));
        assertTrue(err.toString().contains("--rows must be at least 0 but was -1"), err.toString());
    }

    @Test
    void anExistingClassifyOutputFolderIsAUsageError() {
        assertEquals(2, labelpanel("classify", "--model", tmp.toString(), "--out", tmp.toString(), "x.jsonl"));
        assertTrue(err.toString().contains("--out " + tmp + " exists already"), err.toString());
    }
}
