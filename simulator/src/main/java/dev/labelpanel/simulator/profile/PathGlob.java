package dev.labelpanel.simulator.profile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Resolves a ground-truth path from the profile against the profile's directory. A plain path must exist; a glob
 * ({@code *}, {@code ?}, {@code [..]}, {@code {..}}) may match nothing, and its matches are returned sorted.
 */
final class PathGlob {
    private PathGlob() {}

    static boolean isGlob(String pattern) {
        return pattern.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    static List<Path> resolve(Path baseDir, String pattern) {
        if (!isGlob(pattern)) {
            Path file = baseDir.resolve(pattern).normalize();
            if (!Files.isRegularFile(file)) {
                throw new ProfileException("ground_truth file " + file + " (from '" + pattern
                        + "') does not exist; fix the path or use a glob");
            }
            return List.of(file);
        }
        Path absolute = baseDir.resolve(pattern).normalize();
        Path root = absolute.getRoot();
        Path walkFrom = root == null ? Path.of("") : root;
        int depth = 0;
        boolean unbounded = false;
        boolean inGlob = false;
        for (Path segment : absolute) {
            if (inGlob || isGlob(segment.toString())) {
                inGlob = true;
                depth++;
                unbounded |= segment.toString().contains("**");
            } else {
                walkFrom = walkFrom.resolve(segment);
            }
        }
        if (!Files.isDirectory(walkFrom)) {
            return List.of();
        }
        PathMatcher matcher = FileSystems.getDefault()
                .getPathMatcher("glob:" + absolute.toString().replace("\\", "\\\\"));
        try (Stream<Path> files = Files.walk(walkFrom, unbounded ? Integer.MAX_VALUE : depth)) {
            return files.filter(Files::isRegularFile)
                    .filter(matcher::matches)
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + walkFrom + " for ground_truth glob '" + pattern + "'", e);
        }
    }
}
