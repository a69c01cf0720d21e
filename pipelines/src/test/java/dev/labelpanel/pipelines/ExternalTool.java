package dev.labelpanel.pipelines;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A program outside the JVM that a test needs (Chromium, the Python of a virtualenv with {@code datasets}): found
 * from an environment variable or system property, else a default path. Missing in CI ({@code CI=true}, where
 * {@code .ci/run} provides it) the test fails; elsewhere it is skipped with a message saying how to provide it.
 */
final class ExternalTool {
    private ExternalTool() {}

    static Path find(String variable, String defaultPath, String howToGetIt) {
        String configured = System.getProperty(variable, System.getenv(variable));
        Path path = Path.of(configured == null || configured.isBlank() ? defaultPath : configured);
        if (Files.isExecutable(path)) {
            return path;
        }
        String message = variable + " is not set to an executable (tried " + path + "): " + howToGetIt;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message);
        }
        System.err.println("\n*** SKIPPED: " + message + " ***\n");
        Assumptions.abort(message);
        return path;
    }
}
