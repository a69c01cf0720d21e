package dev.labelpanel.pipelines;

import static dev.labelpanel.pipelines.RunFixture.ROOT;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A copy of configs/sample.yaml for tests: absolute paths, latency 0, the cache in {@code dir}, and a copy of the
 * default simulator profile without faults (SIMULATION), so every answer takes exactly one request and no
 * Retry-After wait slows the test.
 */
final class SampleConfigs {
    private static final Pattern FAULTS = Pattern.compile("faults: \\{[^}]*}");

    private SampleConfigs() {}

    /** A copy of the default simulator profile without faults, in {@code dir}. */
    static Path faultFreeProfile(Path dir) throws IOException {
        Path profile = dir.resolve("panel-fault-free.yaml");
        String defaults = Files.readString(ROOT.resolve("configs/simulator/panel-default.yaml"));
        Files.writeString(
                profile,
                FAULTS.matcher(defaults)
                        .replaceAll("faults: {}")
                        .replace("../../sample-data/", ROOT.resolve("sample-data") + "/"));
        return profile;
    }

    static Path faultFree(Path dir) throws IOException {
        Path profile = faultFreeProfile(dir);
        Path config = dir.resolve("sample.yaml");
        Files.writeString(
                config,
                Files.readString(ROOT.resolve("configs/sample.yaml"))
                        .replace("../sample-data/", ROOT.resolve("sample-data") + "/")
                        .replace("profile: simulator/panel-default.yaml", "profile: " + profile)
                        .replace("latency_scale: 0.05", "latency_scale: 0")
                        .replace("dir: ../out/cache", "dir: " + dir.resolve("cache"))
                        .replace("dir: ../out/sample", "dir: " + dir.resolve("out-default")));
        return config;
    }
}
