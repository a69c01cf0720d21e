package dev.labelpanel.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An API key never leaves the request header: a full verbose run in a child JVM, whose simulator (SIMULATION)
 * requires a canary key that only the child's environment holds, must succeed (so the key was sent) and the canary
 * must appear in no output file, no cache file and nothing the child printed.
 */
class CanaryKeyIT {
    @TempDir
    Path tmp;

    @Test
    void theKeyIsUsedButWrittenNowhere() throws Exception {
        String canary = "lp-canary-" + UUID.randomUUID();
        String profile = Files.readString(RunFixture.ROOT.resolve("configs/simulator/panel-default.yaml"))
                .replace("# api_key_env: SIMULATOR_API_KEY", "api_key_env: LP_TEST_KEY")
                .replace("../../sample-data/", RunFixture.ROOT.resolve("sample-data") + "/");
        Files.writeString(tmp.resolve("keyed-profile.yaml"), profile);
        Path cache = tmp.resolve("cache");
        Path config = RunFixture.sampleConfig(
                tmp,
                "dialogues/openai.jsonl",
                cache,
                Map.of(
                        "latency_scale: 0.05",
                        "latency_scale: 0",
                        "profile: " + RunFixture.ROOT.resolve("configs/simulator") + "/panel-default.yaml",
                        "profile: " + tmp.resolve("keyed-profile.yaml"),
                        "max_tokens: 64,",
                        "max_tokens: 64, api_key_env: LP_TEST_KEY,"));
        Path out = tmp.resolve("out");
        Path log = tmp.resolve("child.log");
        ProcessBuilder child = RunFixture.child(config, out, log, "--verbose");
        child.environment().put("LP_TEST_KEY", canary);
        Process process = child.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the run took over 120 s");
        String printed = Files.readString(log);
        assertEquals(0, process.exitValue(), "the keyed run succeeds, so the key was sent:\n" + printed);
        assertTrue(printed.contains("labelpanel run summary"), printed);
        assertTrue(Files.readString(config).contains("LP_TEST_KEY"), "the labelers name the variable");

        List<Path> searched = new ArrayList<>();
        try (Stream<Path> files = Files.walk(tmp)) { // the output folder, the cache, the captured stdout/stderr
            files.filter(Files::isRegularFile).forEach(searched::add);
        }
        assertTrue(searched.stream().anyMatch(p -> p.toString().endsWith("responses.db")), "the cache was written");
        assertTrue(searched.stream().anyMatch(p -> p.toString().endsWith(".parquet")), "the output was written");
        byte[] needle = canary.getBytes(StandardCharsets.UTF_8);
        for (Path file : searched) {
            assertFalse(contains(Files.readAllBytes(file), needle), "the key is in " + file);
        }
        for (Outputs.Row row : Outputs.readAll(out)) {
            assertFalse(row.record().toString().contains(canary), "the key is in a row of " + row.file());
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
