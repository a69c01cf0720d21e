package dev.labelpanel.transforms.summary;

import dev.labelpanel.transforms.Arguments;
import dev.labelpanel.transforms.output.WindowFolder;
import java.util.List;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * Writes the run summary JSON of {@link SummarizeRun} as one file, {@code <dir>/<name>}, only once the files in
 * {@link #afterWriting} are complete (renamed into place), so a folder with a summary is a finished output and a run
 * killed before the end leaves none. A windowed collection
 * (watch mode) gets one summary per window in the window's folder, {@code <dir>/windows/<start>_<end>/<name>}
 * ({@link WindowFolder}), written only once the window's files in {@link #afterWriting} are complete: a window
 * folder with a summary is a finished dataset increment.
 */
public final class WriteSummary extends PTransform<PCollection<String>, PDone> {
    private static final long serialVersionUID = 1L;

    private final String directory;
    private final String name;
    private final transient List<PCollection<?>> signals;

    private WriteSummary(String directory, String name, List<PCollection<?>> signals) {
        this.directory = directory;
        this.name = name;
        this.signals = signals;
    }

    /** Writes {@code <directory>/<name>}; {@code name} ends in its extension, e.g. {@code run-summary.json}. */
    public static WriteSummary to(String directory, String name) {
        Arguments.check(directory != null && !directory.isBlank(), "the output directory must be set");
        Arguments.check(
                name != null && name.contains(".") && !name.contains("/"),
                "the summary file name needs an extension and no folder but was %s",
                name);
        return new WriteSummary(directory.endsWith("/") ? directory : directory + "/", name, List.of());
    }

    /** Writes the summary (in a windowed run, each window's) only after these collections' same window is complete. */
    public WriteSummary afterWriting(PCollection<?>... writtenFiles) {
        return new WriteSummary(directory, name, List.of(writtenFiles));
    }

    @Override
    public PDone expand(PCollection<String> summary) {
        int dot = name.lastIndexOf('.');
        String base = name.substring(0, dot);
        String suffix = name.substring(dot);
        if (!WindowFolder.isWindowed(summary)) {
            (signals.isEmpty() ? summary : summary.apply("WaitForFiles", Wait.on(signals)))
                    .apply(
                            "WriteJson",
                            TextIO.write()
                                    .to(directory + base)
                                    .withSuffix(suffix)
                                    .withoutSharding());
            return PDone.in(summary.getPipeline());
        }
        summary.apply("WaitForWindowFiles", Wait.on(signals))
                .apply(
                        "WriteJson",
                        FileIO.<String>write()
                                .via(TextIO.sink())
                                .to(directory)
                                .withNaming(WindowFolder.single(base, suffix))
                                .withNumShards(1));
        return PDone.in(summary.getPipeline());
    }
}
