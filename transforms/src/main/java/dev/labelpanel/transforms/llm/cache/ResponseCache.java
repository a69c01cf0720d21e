package dev.labelpanel.transforms.llm.cache;

import java.util.Optional;

/**
 * Where answers are kept between runs, keyed by {@link CacheKey}. Implementations are thread-safe and shared per
 * JVM (each store's {@code open} hands every DoFn instance the same one), so no DoFn closes what it was given.
 *
 * <p>{@link SqliteResponseCache} (the default) keeps a local file; {@link RedisResponseCache} keeps a Redis
 * server's keys, which workers on several machines share. Pick one with a {@link CacheStore}.
 */
public interface ResponseCache extends AutoCloseable {
    /** The answer stored under {@code key}, or empty. */
    Optional<CachedAnswer> get(String key);

    /** Stores {@code answer} under {@code key}, replacing any earlier one. */
    void put(String key, CachedAnswer answer);

    /** Number of stored answers (tools and tests; it may scan the whole store). */
    long size();

    /** Releases the store and forgets it, so the next open reopens it (tests; a run never needs this). */
    @Override
    void close();
}
