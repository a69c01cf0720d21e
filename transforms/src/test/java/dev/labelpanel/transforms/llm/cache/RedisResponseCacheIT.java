package dev.labelpanel.transforms.llm.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/** The Redis response cache against a real redis-server on loopback (started here; CI installs the package). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisResponseCacheIT {
    private static final CachedAnswer SFW = new CachedAnswer("SFW", "stop", 40, 1);
    private static final CachedAnswer NSFW = new CachedAnswer("NSFW", "length", 41, 2);

    @TempDir
    static Path tmp;

    private LocalRedis redis;
    private RedisClient raw;

    @BeforeAll
    void startRedis() throws Exception {
        redis = LocalRedis.start(tmp.resolve("shared"));
        raw = RedisClient.create("127.0.0.1", redis.port());
    }

    @AfterAll
    void stopRedis() throws Exception {
        raw.close();
        redis.close();
    }

    private CacheStore.Redis store(String prefix) {
        return new CacheStore.Redis(redis.url(), null, prefix, null);
    }

    @Test
    void storesReadsOverwritesAndCountsAnswers() {
        try (ResponseCache cache = store("basic:").open()) {
            assertEquals(Optional.empty(), cache.get("k1"));
            assertEquals(0, cache.size());
            cache.put("k1", SFW);
            assertEquals(Optional.of(SFW), cache.get("k1"));
            cache.put("k1", NSFW);
            assertEquals(Optional.of(NSFW), cache.get("k1"));
            cache.put("k2", new CachedAnswer("", null, 0, 0));
            assertEquals(
                    Optional.of(new CachedAnswer("", null, 0, 0)), cache.get("k2"), "an empty answer without finish");
            CachedAnswer refused = new CachedAnswer("Outside the policy.", true, "stop", 9, 0, null, null, List.of());
            cache.put("k3", refused);
            assertEquals(Optional.of(refused), cache.get("k3"), "a refusal the provider declared stays one");
            assertEquals(3, cache.size());
            assertTrue(raw.exists("basic:k1"), "stored under key_prefix + cache key");
        }
    }

    @Test
    void answersOutliveTheJvmsPoolAndReachAnyNewClient() {
        CacheStore.Redis store = store("reopen:");
        try (ResponseCache cache = store.open()) {
            cache.put("k", SFW);
        }
        try (ResponseCache reopened = store.open()) {
            assertEquals(Optional.of(SFW), reopened.get("k"));
        }
    }

    @Test
    void keyPrefixesKeepStoresApartButShareOnePoolPerJvm() {
        try (RedisResponseCache a = RedisResponseCache.open(store("run[1]*:"));
                RedisResponseCache b = RedisResponseCache.open(store("run1x:"))) {
            assertSame(a, RedisResponseCache.open(store("run[1]*:")), "one cache per store per JVM");
            assertSame(a.client(), b.client(), "one connection pool per server per JVM");
            a.put("k", SFW);
            b.put("k", NSFW);
            b.put("other", NSFW);
            assertEquals(Optional.of(SFW), a.get("k"));
            assertEquals(Optional.of(NSFW), b.get("k"));
            assertEquals(Optional.empty(), a.get("other"));
            assertEquals(1, a.size(), "glob characters in a prefix are matched literally");
            assertEquals(2, b.size());
        }
    }

    @Test
    void answersExpireAfterTheTimeToLiveWhenOneIsSet() {
        try (ResponseCache expiring = new CacheStore.Redis(redis.url(), null, "ttl:", Duration.ofDays(2)).open();
                ResponseCache keeping = store("nottl:").open()) {
            expiring.put("k", SFW);
            keeping.put("k", SFW);
        }
        long ttlMs = raw.pttl("ttl:k");
        assertTrue(
                ttlMs > Duration.ofDays(2).minusMinutes(10).toMillis()
                        && ttlMs <= Duration.ofDays(2).toMillis(),
                "expires in 2 days: " + ttlMs + " ms");
        assertEquals(-1, raw.pttl("nottl:k"), "no expiry without ttl_days");
    }

    @Test
    void manyThreadsShareThePool() throws Exception {
        try (ResponseCache cache = store("threads:").open()) {
            CacheChecks.concurrentWritesAllLand(cache, 64, 4000);
        }
    }

    @Test
    void aValueThatIsNotAnAnswerIsAMissAndGetsOverwritten() {
        raw.set("foreign:k", "not json");
        try (ResponseCache cache = store("foreign:").open()) {
            assertEquals(Optional.empty(), cache.get("k"));
            cache.put("k", SFW);
            assertEquals(Optional.of(SFW), cache.get("k"));
        }
    }

    @Test
    void anUnreachableServerFailsAtOpenNamingHostAndPort() throws Exception {
        int port;
        try (LocalRedis gone = LocalRedis.start(tmp.resolve("gone"))) {
            port = gone.port();
        }
        CacheStore.Redis store = new CacheStore.Redis("redis://127.0.0.1:" + port + "/0", null, null, null);
        IllegalStateException e = assertThrows(IllegalStateException.class, store::open);
        assertTrue(
                e.getMessage().startsWith("cannot use the Redis response cache at 127.0.0.1:" + port + " "),
                e.getMessage());
        assertTrue(e.getMessage().contains("--no-cache"), e.getMessage());
    }

    @Test
    void thePasswordComesFromTheNamedVariableAndIsNeverShown() throws Exception {
        try (LocalRedis locked = LocalRedis.start(tmp.resolve("locked"), "--requirepass", "s3cret-canary")) {
            CacheStore.Redis store = new CacheStore.Redis(locked.url(), "LP_REDIS_PASSWORD", null, null);
            try (RedisResponseCache cache = RedisResponseCache.open(
                    store, Map.of("LP_REDIS_PASSWORD", "s3cret-canary")::get, System::nanoTime)) {
                cache.put("k", SFW);
                assertEquals(Optional.of(SFW), cache.get("k"));
            }
            IllegalStateException unset = assertThrows(
                    IllegalStateException.class, () -> RedisResponseCache.open(store, name -> null, System::nanoTime));
            assertTrue(unset.getMessage().contains("LP_REDIS_PASSWORD, which is not set"), unset.getMessage());
            IllegalStateException wrong = assertThrows(
                    IllegalStateException.class,
                    () -> RedisResponseCache.open(
                            store, Map.of("LP_REDIS_PASSWORD", "wrong-canary")::get, System::nanoTime));
            assertTrue(wrong.getMessage().contains("127.0.0.1:" + locked.port()), wrong.getMessage());
            assertFalse(wrong.getMessage().contains("wrong-canary"), wrong.getMessage());
            IllegalStateException none = assertThrows(
                    IllegalStateException.class, () -> new CacheStore.Redis(locked.url(), null, null, null).open());
            assertTrue(none.getMessage().contains("127.0.0.1:" + locked.port()), none.getMessage());
        }
    }

    @Test
    void aPasswordInTheUrlIsRejectedAndRedacted() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new CacheStore.Redis("redis://app:hunter2@cache.example:6379/1", null, null, null));
        assertTrue(e.getMessage().contains("redis://app:****@cache.example:6379/1"), e.getMessage());
        assertTrue(e.getMessage().contains("cache.password_env"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void aServerLostMidRunCostsCacheHitsNotItemsAndIsUsedAgainWhenBack() throws Exception {
        AtomicLong now = new AtomicLong();
        Path dir = tmp.resolve("flaky");
        LocalRedis flaky = LocalRedis.start(dir);
        int port = flaky.port();
        CacheStore.Redis store = new CacheStore.Redis(flaky.url(), null, "flaky:", null);
        try (RedisResponseCache cache = RedisResponseCache.open(store, System::getenv, now::get)) {
            cache.put("before", SFW);
            assertEquals(Optional.of(SFW), cache.get("before"));

            flaky.kill();
            assertEquals(Optional.empty(), cache.get("before"), "a read of a lost server is a miss, not an error");
            cache.put("during", SFW); // dropped, no error

            flaky = LocalRedis.start(dir, port);
            now.addAndGet(RedisResponseCache.RETRY_AFTER.toNanos() - 1);
            cache.put("still-waiting", SFW); // within the pause: not even tried
            now.addAndGet(2);
            cache.put("after", NSFW);
            assertEquals(Optional.of(NSFW), cache.get("after"), "used again once the pause is over");
            assertEquals(Optional.empty(), cache.get("still-waiting"));
            assertEquals(1, cache.size(), "the restarted server (no persistence) holds only what came after");
        } finally {
            flaky.close();
        }
    }
}
