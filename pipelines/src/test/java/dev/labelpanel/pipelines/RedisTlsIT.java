package dev.labelpanel.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.pipelines.report.RunSummary;
import dev.labelpanel.transforms.llm.cache.LocalRedis;
import dev.labelpanel.transforms.summary.CallCount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redis cache over TLS ({@code rediss://}) against a real redis-server that speaks only TLS, with a certificate
 * from a CA made for the test: the user gives the JVM a trust store with that CA
 * ({@code -Djavax.net.ssl.trustStore}, as docs/llm-access.md says), {@code validate --ping} passes, and two runs in
 * separate JVMs share their answers through it. Without the trust store the ping fails, naming the server.
 */
class RedisTlsIT {
    @TempDir
    Path tmp;

    private ChildProcess labelpanel(Path trustStore, String... args) throws Exception {
        List<String> jvmFlags = new ArrayList<>(List.of("-Xmx1g"));
        if (trustStore != null) {
            jvmFlags.addAll(List.of(
                    "-Djavax.net.ssl.trustStore=" + trustStore,
                    "-Djavax.net.ssl.trustStorePassword=" + LocalRedis.TRUST_STORE_PASSWORD));
        }
        return ChildProcess.labelpanel(tmp, jvmFlags, args);
    }

    private static String chat(String id, String user, String bot) {
        return "{\"id\":\"" + id + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + user
                + "\"},{\"role\":\"assistant\",\"content\":\"" + bot + "\"}]}";
    }

    @Test
    void aTlsOnlyRedisWorksWhenTheJvmTrustsItsCa() throws Exception {
        try (LocalRedis redis = LocalRedis.startTls(tmp.resolve("redis"))) {
            assertTrue(redis.url().startsWith("rediss://127.0.0.1:"), redis.url());
            // A few dialogues: what is tested is the cache's connection, not labeling at scale (CI time).
            Path input = tmp.resolve("chats.jsonl");
            Files.writeString(
                    input,
                    String.join(
                                    "\n",
                                    chat("tls-1", "are you there?", "yes, always"),
                                    chat("tls-2", "what is TLS?", "transport layer security"),
                                    chat("tls-3", "tell me a secret", "the cache is encrypted now"))
                            + "\n");
            String yaml = Files.readString(SampleConfigs.faultFree(tmp))
                    .replaceFirst("(?s)  paths:\n.*?\n  format:", "  paths:\n    - " + input + "\n  format:");
            String cache = "  dir: " + tmp.resolve("cache");
            assertTrue(yaml.contains(cache), yaml);
            Path config = tmp.resolve("tls.yaml");
            Files.writeString(config, yaml.replace(cache, "  store: redis\n  url: " + redis.url()));

            ChildProcess trusted = labelpanel(redis.trustStore(), "validate", "--ping", "--config", config.toString());
            assertEquals(0, trusted.exit(), trusted.output());
            assertTrue(
                    trusted.output()
                            .matches("(?s).*Redis rediss://127\\.0\\.0\\.1:" + redis.port()
                                    + "/0 +PING +OK \\(\\d+ ms\\).*"),
                    trusted.output());

            ChildProcess untrusted = labelpanel(null, "validate", "--ping", "--config", config.toString());
            assertEquals(2, untrusted.exit(), untrusted.output());
            assertTrue(
                    untrusted
                            .output()
                            .contains("the response cache failed the ping: cannot use the Redis response cache"
                                    + " at 127.0.0.1:" + redis.port() + " (Redis rediss://127.0.0.1:" + redis.port()
                                    + "/0)"),
                    untrusted.output());
            assertTrue(untrusted.output().contains("unable to find valid certification path"), untrusted.output());

            Path first = tmp.resolve("first");
            ChildProcess run1 =
                    labelpanel(redis.trustStore(), "run", "--config", config.toString(), "--out", first.toString());
            assertEquals(0, run1.exit(), run1.output());
            RunSummary summary1 = RunSummary.read(first.resolve("run-summary.json"));
            long answers = RunFixture.callsTotal(summary1, CallCount.ANSWERS);
            assertTrue(answers > 0, run1.output());
            assertEquals(answers, RunFixture.callsTotal(summary1, CallCount.CACHE_MISSES), "Redis started empty");

            Path second = tmp.resolve("second");
            ChildProcess run2 =
                    labelpanel(redis.trustStore(), "run", "--config", config.toString(), "--out", second.toString());
            assertEquals(0, run2.exit(), run2.output());
            RunSummary summary2 = RunSummary.read(second.resolve("run-summary.json"));
            assertEquals(
                    answers, RunFixture.callsTotal(summary2, CallCount.CACHE_HITS), "every answer came back over TLS");
            assertEquals(0, RunFixture.callsTotal(summary2, CallCount.CACHE_MISSES));
            assertEquals(RunFixture.labels(first), RunFixture.labels(second));
        }
    }
}
