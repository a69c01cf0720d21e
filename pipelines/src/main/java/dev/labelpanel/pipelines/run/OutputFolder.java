package dev.labelpanel.pipelines.run;

import dev.labelpanel.pipelines.config.ConfigException;
import dev.labelpanel.pipelines.report.OutputReport;
import dev.labelpanel.transforms.extract.Granularity;
import dev.labelpanel.transforms.failures.WriteDeadLetters;
import dev.labelpanel.transforms.output.WindowFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The folder a run writes to. A run never mixes its files with an earlier run's: it refuses a folder that
 * already holds a complete labelpanel output unless told to overwrite, and then deletes only what labelpanel writes.
 * An output is complete when its {@code run-summary.json} is there (written last, after the dataset and dead-letter
 * files) or, for a watch run, its {@code windows/} folder; labelpanel entries without either are what a killed run
 * left behind: they are removed without {@code --overwrite}, so the same command can simply be run again (its
 * answers come from the response cache).
 */
public final class OutputFolder {
    /**
     * Entries labelpanel writes at the top of an output folder. Not the dataset card {@code README.md}: a folder may
     * hold a README of its own, which a run does not delete up front; a finished run writes the card in its place.
     */
    static final List<String> ENTRIES = entries();

    private OutputFolder() {}

    private static List<String> entries() {
        List<String> entries = new ArrayList<>();
        for (Granularity g : Granularity.values()) {
            entries.add(g.wireName());
        }
        entries.addAll(List.of(
                WriteDeadLetters.FOLDER, LabelPanelPipeline.SUMMARY_FILE, WindowFolder.ROOT, OutputReport.REPORT_FILE));
        return List.copyOf(entries);
    }

    /** Checks (and for local folders prepares) {@code dir}; remote folders (gs://, s3://) are left to Beam. */
    public static void prepare(String dir, boolean overwrite) {
        if (dir.contains("://")) {
            return;
        }
        Path path = Path.of(dir);
        List<Path> existing = new ArrayList<>();
        for (String entry : ENTRIES) {
            if (Files.exists(path.resolve(entry))) {
                existing.add(path.resolve(entry));
            }
        }
        if (!existing.isEmpty() && !overwrite && isComplete(path)) {
            throw new ConfigException(
                    "output folder " + dir + " already holds a labelpanel output (" + path.relativize(existing.get(0))
                            + " ...): pass --overwrite to replace it, or choose another --out");
        }
        if (!existing.isEmpty() && !overwrite) {
            System.err.println("labelpanel: " + dir + " holds the partial output of a run that did not finish (no "
                    + LabelPanelPipeline.SUMMARY_FILE + "); removing it: "
                    + existing.stream().map(path::relativize).toList());
        }
        try {
            for (Path entry : existing) {
                deleteRecursively(entry);
            }
            Files.createDirectories(path);
        } catch (IOException | UncheckedIOException e) {
            throw new ConfigException("cannot prepare output folder " + dir + ": " + e.getMessage(), e);
        }
        if (!Files.isWritable(path)) {
            throw new ConfigException("output folder " + dir + " is not writable");
        }
    }

    /** Whether {@code dir} holds a finished labelpanel output: its run summary, or a watch run's windows. */
    public static boolean isComplete(Path dir) {
        return Files.isRegularFile(dir.resolve(LabelPanelPipeline.SUMMARY_FILE))
                || Files.isDirectory(dir.resolve(WindowFolder.ROOT));
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
