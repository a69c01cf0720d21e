package dev.labelpanel.transforms.output;

import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.format.DateTimeFormat;
import org.joda.time.format.DateTimeFormatter;

/**
 * Where a window's files go in a run folder. A batch run (the global window) writes at the top of the folder; a
 * windowed run (watch mode) writes each window as a complete run folder of its own, under
 * {@code windows/<start>_<end>/}, with UTC times such as {@code 20250301T120000Z} that sort by time.
 */
public final class WindowFolder {
    /** The folder of the per-window folders, at the top of a run folder. */
    public static final String ROOT = "windows";

    /** The rule for a window's length: folders are named to the second, so a whole number of seconds, at least 1 s. */
    public static boolean isWholeSeconds(org.joda.time.Duration window) {
        return window.getMillis() >= 1000 && window.getMillis() % 1000 == 0;
    }

    private static final DateTimeFormatter TIME =
            DateTimeFormat.forPattern("yyyyMMdd'T'HHmmss'Z'").withZoneUTC();

    private WindowFolder() {}

    /** {@code windows/<start>_<end>/} for an interval window, {@code ""} for the global window. */
    public static String of(BoundedWindow window) {
        if (window instanceof GlobalWindow) {
            return "";
        }
        if (window instanceof IntervalWindow interval) {
            return ROOT + "/" + TIME.print(interval.start()) + "_" + TIME.print(interval.end()) + "/";
        }
        throw new IllegalArgumentException(
                "only the global window and interval windows (fixed, sliding) have an output folder, not "
                        + window.getClass().getName());
    }

    /** True when {@code collection} is windowed by anything but the global window. */
    public static boolean isWindowed(PCollection<?> collection) {
        return !(collection.getWindowingStrategy().getWindowFn() instanceof GlobalWindows);
    }

    /**
     * A {@link FileIO} naming that puts one file per window at {@code windows/<start>_<end>/<name><suffix>}, for
     * writes with exactly one shard.
     */
    public static FileIO.Write.FileNaming single(String name, String suffix) {
        return new SingleFileNaming(name, suffix);
    }

    /** {@code <window folder><name>-00000-of-00001<suffix>} or, unsharded, {@code <window folder><name><suffix>}. */
    private static final class SingleFileNaming implements FileIO.Write.FileNaming {
        private final String name;
        private final String suffix;

        SingleFileNaming(String name, String suffix) {
            this.name = name;
            this.suffix = suffix;
        }

        @Override
        public String getFilename(
                BoundedWindow window, PaneInfo pane, int numShards, int shardIndex, Compression compression) {
            if (numShards != 1) {
                throw new IllegalStateException(
                        name + suffix + " is one file per window, but " + numShards + " shards came");
            }
            return of(window) + name + suffix;
        }
    }
}
