package dev.labelpanel.pipelines;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.pipelines.report.RunSummary;
import dev.labelpanel.transforms.summary.CallCount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed with SIGKILL part-way leaves no complete output (no run-summary.json), so the same command run again
 * needs no --overwrite: it clears the partial folder, resumes from the response cache and finishes.
 */
class KilledRunRerunIT {
    @TempDir
    Path tmp;

    @Test
    void theSameCommandRerunAfterAKillFinishesWithoutOverwrite() throws Exception {
        Path cache = tmp.resolve("cache");
        Path config = RunFixture.sampleConfig(
                tmp, "dialogues/openai.jsonl", cache, Map.of("latency_scale: 0.05", "latency_scale: 0.6"));
        Path out = tmp.resolve("out");

        RunFixture.killWhen(config, out, tmp.resolve("killed.log"), () -> RunFixture.cachedAnswers(cache) >= 100);
        assertFalse(Files.exists(out.resolve("run-summary.json")), "a killed run leaves no summary");
        try (Stream<Path> left = Files.list(out)) {
            assertTrue(left.findAny().isPresent(), "the killed run left its partial output behind");
        }
        long cachedAtKill = RunFixture.cachedAnswers(cache);

        // The same command line; the config file now lets the simulator answer at once.
        Files.writeString(config, Files.readString(config).replace("latency_scale: 0.6", "latency_scale: 0"));
        String text = RunFixture.rerun(config, out, tmp.resolve("rerun.log"));
        assertTrue(text.contains("holds the partial output of a run that did not finish"), text);
        RunSummary summary = RunSummary.read(out.resolve("run-summary.json"));
        assertTrue(summary.balanced(), text);
        assertTrue(
                RunFixture.callsTotal(summary, CallCount.CACHE_HITS) >= cachedAtKill,
                "the rerun resumed from the cache: " + RunFixture.callsTotal(summary, CallCount.CACHE_HITS) + " hits, "
                        + cachedAtKill + " cached at the kill");
    }
}
