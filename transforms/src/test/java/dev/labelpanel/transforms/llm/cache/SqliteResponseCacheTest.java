package dev.labelpanel.transforms.llm.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.labelpanel.transforms.llm.ChatMessage;
import dev.labelpanel.transforms.llm.TokenLogprob;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteResponseCacheTest {
    @TempDir
    Path tmp;

    private static final List<ChatMessage> PROMPT = List.of(ChatMessage.user("Classify: hello"));

    @Test
    void anAnswerSurvivesReopeningTheFile() {
        Path file = tmp.resolve("cache/answers.db");
        String key = CacheKey.of("http://h/v1", "m", PROMPT, 0.0, 16, null);
        try (SqliteResponseCache cache = SqliteResponseCache.open(file)) {
            assertEquals(Optional.empty(), cache.get(key));
            cache.put(key, new CachedAnswer("SFW", "stop", 40, 1));
        }
        try (SqliteResponseCache reopened = SqliteResponseCache.open(file)) {
            assertEquals(Optional.of(new CachedAnswer("SFW", "stop", 40, 1)), reopened.get(key));
            reopened.put(key, new CachedAnswer("NSFW", "stop", 40, 1));
            assertEquals("NSFW", reopened.get(key).orElseThrow().content());
            assertEquals(1, reopened.size());
        }
    }

    @Test
    void theServedModelAndLogProbabilitiesAreKept() {
        Path file = tmp.resolve("extras.db");
        CachedAnswer answer = new CachedAnswer(
                "{\"label\":\"SFW\"}",
                "stop",
                40,
                5,
                "m-2024-07-18",
                "fp_1",
                List.of(new TokenLogprob(
                        "SFW",
                        -0.1,
                        List.of(new TokenLogprob.Alternative("SFW", -0.1), new TokenLogprob.Alternative("NS", -2.4)))));
        try (SqliteResponseCache cache = SqliteResponseCache.open(file)) {
            cache.put("k", answer);
        }
        try (SqliteResponseCache reopened = SqliteResponseCache.open(file)) {
            assertEquals(Optional.of(answer), reopened.get("k"));
        }
    }

    @Test
    void aRefusalTheProviderDeclaredStaysOne() {
        Path file = tmp.resolve("refused.db");
        CachedAnswer refused =
                new CachedAnswer("Outside the content policy.", true, "stop", 40, 0, "m", null, List.of());
        try (SqliteResponseCache cache = SqliteResponseCache.open(file)) {
            cache.put("k", refused);
            cache.put("plain", new CachedAnswer("SFW", "stop", 40, 1, "m", null, List.of()));
        }
        try (SqliteResponseCache reopened = SqliteResponseCache.open(file)) {
            assertEquals(Optional.of(refused), reopened.get("k"));
            assertFalse(reopened.get("plain").orElseThrow().refused());
        }
    }

    @Test
    void aCacheFileWrittenBeforeExtrasIsReadAndExtended() throws Exception {
        Path file = tmp.resolve("old.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            s.execute(
                    "CREATE TABLE answers (key TEXT PRIMARY KEY, content TEXT NOT NULL, finish_reason TEXT,"
                            + " prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL, stored_at INTEGER NOT NULL)");
            s.execute("INSERT INTO answers VALUES ('old', 'NSFW', 'stop', 30, 1, 0)");
        }
        try (SqliteResponseCache cache = SqliteResponseCache.open(file)) {
            assertEquals(Optional.of(new CachedAnswer("NSFW", "stop", 30, 1)), cache.get("old"));
            CachedAnswer served = new CachedAnswer("SFW", "stop", 30, 1, "m", null, List.of());
            cache.put("new", served);
            assertEquals(Optional.of(served), cache.get("new"));
        }
    }

    @Test
    void manyThreadsWriteAtOnce() throws Exception {
        try (SqliteResponseCache cache = SqliteResponseCache.open(tmp.resolve("a.db"))) {
            CacheChecks.concurrentWritesAllLand(cache, 8, 2000);
        }
    }

    @Test
    void theKeyCoversEndpointMessagesAndParamsButNotTrailingSlashes() {
        String base = CacheKey.of("http://h/v1", "m", PROMPT, 0.0, 16, null);
        assertEquals(base, CacheKey.of("http://h/v1/", "m", PROMPT, 0.0, 16, null));
        assertNotEquals(base, CacheKey.of("http://other/v1", "m", PROMPT, 0.0, 16, null));
        assertNotEquals(base, CacheKey.of("http://h/v1", "m2", PROMPT, 0.0, 16, null));
        assertNotEquals(
                base, CacheKey.of("http://h/v1", "m", List.of(ChatMessage.user("Classify: hello!")), 0.0, 16, null));
        assertNotEquals(base, CacheKey.of("http://h/v1", "m", PROMPT, 0.7, 16, null));
        assertNotEquals(base, CacheKey.of("http://h/v1", "m", PROMPT, 0.0, 32, null));
        assertNotEquals(base, CacheKey.of("http://h/v1", "m", PROMPT, 0.0, 16, 0.9));
    }
}
