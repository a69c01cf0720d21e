package dev.labelpanel.transforms.llm.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** What every {@link ResponseCache} store must do, checked the same way for SQLite and Redis. */
final class CacheChecks {
    private CacheChecks() {}

    /** {@code answers} answers put from {@code threads} threads at once, each also reading one, are all there. */
    static void concurrentWritesAllLand(ResponseCache cache, int threads, int answers) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int i = 0; i < answers; i++) {
            int n = i;
            pool.execute(() -> {
                cache.put("k" + n, new CachedAnswer("a" + n, "stop", n, 1));
                cache.get("k" + (n / 2));
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(120, TimeUnit.SECONDS));
        assertEquals(answers, cache.size());
        assertEquals("a1234", cache.get("k1234").orElseThrow().content());
    }
}
