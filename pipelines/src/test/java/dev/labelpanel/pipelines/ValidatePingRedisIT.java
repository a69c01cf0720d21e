package dev.labelpanel.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.pipelines.validate.ConfigValidation;
import dev.labelpanel.transforms.llm.cache.LocalRedis;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code labelpanel validate --ping} with {@code cache.store: redis}: the cache is pinged after the endpoints
 * (against a real redis-server with a password), and a cache that cannot be used is a problem naming the server,
 * never the password.
 */
class ValidatePingRedisIT {
    private static final String PASSWORD = "s3cret-redis-pw";

    @TempDir
    Path tmp;

    private Path redisConfig(String url) throws IOException {
        String yaml = Files.readString(SampleConfigs.faultFree(tmp));
        String cache = "  dir: " + tmp.resolve("cache");
        assertTrue(yaml.contains(cache), yaml);
        Path config = tmp.resolve("redis.yaml");
        Files.writeString(
                config, yaml.replace(cache, "  store: redis\n  url: " + url + "\n  password_env: TEST_REDIS_PW"));
        return config;
    }

    private static ConfigValidation.Report validate(Path config, String password) {
        Map<String, String> env = Map.of("TEST_REDIS_PW", password);
        return ConfigValidation.validate(config, env::get, true);
    }

    @Test
    void aReachableCacheIsPingedAfterTheEndpoints() throws Exception {
        try (LocalRedis redis = LocalRedis.start(tmp.resolve("redis"), "--requirepass", PASSWORD)) {
            ConfigValidation.Report report = validate(redisConfig(redis.url()), PASSWORD);
            assertEquals(List.of(), report.problems());
            assertNotNull(report.cachePing());
            assertTrue(report.cachePing().ok(), report.cachePing().toString());
            String rendered = report.render();
            assertTrue(
                    rendered.contains(
                            "cache\n  cache                        Redis redis://127.0.0.1:" + redis.port() + "/0"),
                    rendered);
            assertTrue(rendered.matches("(?s).*PING +OK \\(\\d+ ms\\)\n.*: valid\n"), rendered);
        }
    }

    @Test
    void aWrongPasswordIsAProblemThatDoesNotShowThePassword() throws Exception {
        try (LocalRedis redis = LocalRedis.start(tmp.resolve("redis"), "--requirepass", PASSWORD)) {
            ConfigValidation.Report report = validate(redisConfig(redis.url()), "wrong-pw-4711");
            assertFalse(report.valid());
            String problem = String.join("\n", report.problems());
            assertTrue(
                    problem.startsWith("the response cache failed the ping: cannot use the Redis response cache at"
                            + " 127.0.0.1:" + redis.port() + " (Redis redis://127.0.0.1:" + redis.port() + "/0): "),
                    problem);
            assertTrue(problem.contains("WRONGPASS"), problem);
            assertTrue(
                    problem.endsWith("Start Redis there, fix cache.url or $TEST_REDIS_PW, or run with --no-cache"),
                    problem);
            assertFalse(problem.contains("wrong-pw-4711") || report.render().contains("wrong-pw-4711"), problem);
        }
    }

    @Test
    void anUnreachableCacheIsAProblemNamingTheServer() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        ConfigValidation.Report report = validate(redisConfig("redis://127.0.0.1:" + port + "/2"), PASSWORD);
        assertEquals(1, report.problems().size(), report.problems().toString());
        String problem = report.problems().get(0);
        assertTrue(
                problem.startsWith("the response cache failed the ping: cannot use the Redis response cache at"
                        + " 127.0.0.1:" + port + " (Redis redis://127.0.0.1:" + port + "/2): "),
                problem);
        assertTrue(problem.contains("Connection refused"), problem);
        assertTrue(report.render().contains("FAILED: cannot use the Redis response cache"), report.render());
        assertFalse(problem.contains(PASSWORD), problem);
    }
}
