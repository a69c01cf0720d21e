package dev.labelpanel.pipelines.run;

import dev.labelpanel.pipelines.config.ConfigException;
import dev.labelpanel.pipelines.config.RunConfig;
import dev.labelpanel.transforms.incremental.ReadLabeledItems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The earlier output an incremental run carries labels over from ({@code --previous} or
 * {@code incremental.previous}). Checked before anything runs: it must be a labelpanel output (a
 * {@code run-summary.json} and dataset Parquet files), and not the folder the run writes to, which the run would
 * clear (with {@code --overwrite}) or refuse (without it) before reading it.
 */
public final class PreviousOutput {
    private static final Logger LOG = LoggerFactory.getLogger(PreviousOutput.class);

    private PreviousOutput() {}

    /**
     * The config with {@code --previous} (when given) as {@code incremental.previous}, checked against the output
     * folder {@code out}.
     *
     * @throws ConfigException when the previous output cannot be used
     */
    public static RunConfig resolve(RunConfig config, LabelPanelOptions options, String out) {
        RunConfig resolved = options.getPrevious().isEmpty()
                ? config
                : config.withIncremental(new RunConfig.Incremental(options.getPrevious()));
        long files = check(resolved, out);
        if (files > 0) {
            LOG.info(
                    "Incremental build: carrying labels over from {} ({} dataset files)",
                    resolved.incremental().previous(),
                    files);
        }
        return resolved;
    }

    /**
     * Checks the config's previous output, if any, against the output folder {@code out} (null: not known).
     *
     * @return how many dataset files the previous output holds (0 when the config has none)
     * @throws ConfigException saying what is wrong and what to pass instead
     */
    public static long check(RunConfig config, String out) {
        String previous = config.incremental().previous();
        if (previous == null) {
            return 0;
        }
        if (!config.hasLabeling()) {
            throw new ConfigException("--previous (incremental.previous) " + previous
                    + " is set but the config has no labelers: a run without"
                    + " labelers has no labels to carry over; drop --previous or add labelers");
        }
        if (out != null && sameFolder(previous, out)) {
            throw new ConfigException(
                    "--previous (incremental.previous) " + previous + " is the output folder of this run: it would be"
                            + " overwritten while it is read. Write to a new folder with --out (e.g. out/2024-06-02) and pass the"
                            + " last run's folder as --previous");
        }
        if (!exists(join(previous, LabelPanelPipeline.SUMMARY_FILE))) {
            throw new ConfigException(
                    "--previous (incremental.previous) " + previous + " is not a labelpanel output: it has no "
                            + LabelPanelPipeline.SUMMARY_FILE + ". Pass the --out folder of an earlier labelpanel run");
        }
        long files = 0;
        for (String pattern : ReadLabeledItems.fromOutput(previous).filepatterns()) {
            files += count(pattern);
        }
        if (files == 0) {
            throw new ConfigException(
                    "--previous (incremental.previous) " + previous + " is not a labelpanel output: it holds no dataset"
                            + " files (utterance/*.parquet, context/*.parquet). Pass the --out folder of an earlier labelpanel run");
        }
        return files;
    }

    static boolean sameFolder(String a, String b) {
        if (a.contains("://") || b.contains("://")) {
            return trimSlashes(a).equals(trimSlashes(b));
        }
        Path pa = Path.of(a).toAbsolutePath().normalize();
        Path pb = Path.of(b).toAbsolutePath().normalize();
        if (pa.equals(pb)) {
            return true;
        }
        try {
            return Files.exists(pa) && Files.exists(pb) && Files.isSameFile(pa, pb);
        } catch (IOException e) {
            throw new ConfigException("cannot compare folders " + a + " and " + b + ": " + e.getMessage(), e);
        }
    }

    private static String trimSlashes(String path) {
        String p = path;
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private static String join(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }

    private static boolean exists(String file) {
        if (!file.contains("://")) {
            return Files.isRegularFile(Path.of(file));
        }
        return count(file) > 0;
    }

    private static long count(String pattern) {
        try {
            return FileSystems.match(pattern, EmptyMatchTreatment.ALLOW)
                    .metadata()
                    .size();
        } catch (IOException e) {
            throw new ConfigException("cannot list the previous output " + pattern + ": " + e.getMessage(), e);
        }
    }
}
