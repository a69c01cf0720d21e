package dev.labelpanel.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.pipelines.report.RunSummary;
import dev.labelpanel.pipelines.run.LabelPanelPipeline;
import dev.labelpanel.transforms.summary.SummaryKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docs/scheduling/nightly-build.sh}, as cron would run it, twice over a growing input: the second night reads
 * the first night's build with --previous and carries its labels over; {@code latest} moves only after a good run,
 * and old builds beyond KEEP are removed.
 */
class NightlyBuildScriptIT {
    private static final Path ROOT = RunFixture.ROOT;
    private static final Path SCRIPT = ROOT.resolve("docs/scheduling/nightly-build.sh");

    @TempDir
    Path tmp;

    @Test
    void eachNightLabelsOnlyWhatIsNewAndLatestMovesOnlyOnSuccess() throws Exception {
        Path input = RunFixture.dayOneInput(tmp);
        Path config = RunFixture.faultFreeConfig(tmp, input);
        Path root = tmp.resolve("builds-root");

        assertEquals(0, night(config, root, "2"), "first night");
        Path first = root.resolve("latest").toRealPath();
        RunSummary firstSummary = RunSummary.read(first.resolve(LabelPanelPipeline.SUMMARY_FILE));
        assertTrue(firstSummary.balanced());
        long firstWritten = firstSummary.countAll(SummaryKey::itemsWritten);
        assertTrue(firstWritten > 100, "first night wrote " + firstWritten);

        RunFixture.addDayTwo(input);
        assertEquals(0, night(config, root, "1"), "second night");
        Path second = root.resolve("latest").toRealPath();
        assertNotEquals(first, second);
        RunSummary summary = RunSummary.read(second.resolve(LabelPanelPipeline.SUMMARY_FILE));
        assertTrue(summary.balanced());
        long carried = summary.countAll(SummaryKey::itemsCarriedOver);
        long labeledNow = summary.countAll(SummaryKey::itemsLabeledThisRun);
        assertEquals(firstWritten, summary.count(SummaryKey.previousRead()), "night 2 read night 1's build");
        assertEquals(
                firstWritten - summary.count(SummaryKey.previousRelabeled(SummaryKey.Relabeled.UNLABELED)),
                carried,
                "every labeled item of night 1 carried over");
        assertTrue(labeledNow > 0, "the new file's items were labeled");
        assertEquals(List.of(second), builds(root), "KEEP=1 keeps only the build latest points to");

        assertNotEquals(0, night(config, root, "1", "--runner", "NoSuchRunner"), "a failing night");
        assertEquals(second, root.resolve("latest").toRealPath(), "latest still points to the last good build");
    }

    private int night(Path config, Path root, String keep, String... extra) throws Exception {
        Path launcher = tmp.resolve("labelpanel");
        Files.writeString(
                launcher,
                "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -Xmx1g -jar '"
                        + RunFixture.JAR + "' \"$@\"\n");
        launcher.toFile().setExecutable(true);
        List<String> command =
                new ArrayList<>(List.of("bash", SCRIPT.toString(), config.toString(), root.toString(), "--no-cache"));
        command.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        tmp.resolve("nightly.log").toFile()));
        builder.environment().put("LABELPANEL", launcher.toString());
        builder.environment().put("KEEP", keep);
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(
                    "nightly-build.sh did not finish; log: " + Files.readString(tmp.resolve("nightly.log")));
        }
        return process.exitValue();
    }

    private static List<Path> builds(Path root) throws Exception {
        try (Stream<Path> builds = Files.list(root.resolve("builds"))) {
            return builds.map(p -> {
                        try {
                            return p.toRealPath();
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .toList();
        }
    }
}
