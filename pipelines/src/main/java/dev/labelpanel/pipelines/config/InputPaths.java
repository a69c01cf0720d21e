package dev.labelpanel.pipelines.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;

/**
 * The input globs of {@code input.paths}, matched the one way the job reads them: through Beam's {@link
 * FileSystems} (local files, and {@code gs://} in the Dataflow jar). Callers set the file systems' options first
 * ({@link FileSystems#setDefaultPipelineOptions}).
 */
public final class InputPaths {
    private InputPaths() {}

    /** The patterns of {@code patterns} that match no file; a pattern that cannot be listed is a {@link ConfigException}. */
    public static List<String> unmatched(List<String> patterns) {
        List<String> empty = new ArrayList<>();
        for (String pattern : patterns) {
            try {
                if (FileSystems.match(pattern, EmptyMatchTreatment.ALLOW)
                        .metadata()
                        .isEmpty()) {
                    empty.add(pattern);
                }
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException("cannot list input.paths pattern " + pattern + ": " + e.getMessage(), e);
            }
        }
        return empty;
    }

    /** Fails when a pattern matches no file: a typo should not give an empty dataset. */
    public static void requireMatches(List<String> patterns) {
        List<String> empty = unmatched(patterns);
        if (!empty.isEmpty()) {
            throw new ConfigException("input.paths " + empty
                    + " match no file (relative paths are relative to the config file's folder)");
        }
    }

    /**
     * Watch mode starts on an empty folder, so a pattern matching nothing is fine; a folder that does not exist is a
     * typo, and an error before anything runs. Checks local patterns only.
     */
    public static void requireWatchedFolders(List<String> patterns) {
        for (String pattern : patterns) {
            if (hasScheme(pattern)) {
                continue;
            }
            int wildcard = indexOfWildcard(pattern);
            Path fixed = Path.of(wildcard < 0 ? pattern : pattern.substring(0, wildcard));
            Path folder = wildcard < 0 || !pattern.substring(0, wildcard).endsWith("/") ? fixed.getParent() : fixed;
            if (folder != null && !Files.isDirectory(folder)) {
                throw new ConfigException("input.paths " + pattern + ": folder " + folder
                        + " does not exist (watch mode waits for new files in a folder that is there)");
            }
        }
    }

    /** True for a URI such as {@code gs://bucket/x}; false for a path on the local file system. */
    public static boolean hasScheme(String path) {
        return path.contains("://");
    }

    /** The position of the first glob character ({@code * ? [ {}) in {@code pattern}, or -1. */
    public static int indexOfWildcard(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            if ("*?[{".indexOf(pattern.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
