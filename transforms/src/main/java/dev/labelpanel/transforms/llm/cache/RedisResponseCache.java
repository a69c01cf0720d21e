package dev.labelpanel.transforms.llm.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The shared response cache for clusters: one Redis string per answer, {@code <key_prefix><cache key>} → a small
 * JSON object, written with {@code SET} (and {@code EX} when a time to live is set), so workers on several
 * machines answer from each other's calls. Redis persists as its server is configured (RDB/AOF); a kill -9 of a
 * labelpanel run loses only the calls in flight, as with SQLite.
 *
 * <p>Per JVM: one connection pool per server (URL and password variable), shared by every store on it
 * and every DoFn instance and thread; one instance per {@link CacheStore.Redis}. {@link #open} fails at once, naming
 * {@code host:port}, when the server cannot be reached or refuses the password.
 *
 * <p>When Redis fails during a run (a restart, a network cut, out of memory), the cache steps aside instead of
 * failing the bundle: a read becomes a miss (the endpoint is asked), a write is skipped, one warning is logged, and
 * Redis is left alone for {@link #RETRY_AFTER} before the next try; its return is logged with how many reads and
 * writes went without it. Labels stay correct and complete (the cache only saves calls); what it costs is calls paid
 * again, now or in a later run. Failing the bundle instead would re-ask every item of the bundle on retry.
 */
public final class RedisResponseCache implements ResponseCache {
    private static final Logger LOG = LoggerFactory.getLogger(RedisResponseCache.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How long Redis is left alone after a failure. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    /** Connect and command timeout: a cache that answers slower than this is worse than none. */
    static final int TIMEOUT_MILLIS = 2_000;

    /** Connections per pool: cache commands take well under a millisecond, so a few serve many calls in flight. */
    static final int POOL_SIZE = 32;

    private record Server(String url, String passwordEnv) {}

    /** A pool and the stores using it; guarded by the class lock. */
    private static final class Pool {
        final RedisClient client;
        int users;

        Pool(RedisClient client) {
            this.client = client;
        }
    }

    private static final Map<Server, Pool> POOLS = new HashMap<>();
    private static final Map<CacheStore.Redis, RedisResponseCache> OPEN = new HashMap<>();

    private final CacheStore.Redis store;
    private final RedisClient client;
    private final SetParams setParams;
    private final LongSupplier nanoClock;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicLong retryAtNanos = new AtomicLong();
    private final AtomicLong downSinceNanos = new AtomicLong();
    private final AtomicLong skippedReads = new AtomicLong();
    private final AtomicLong skippedWrites = new AtomicLong();
    private final AtomicBoolean warnedUnreadable = new AtomicBoolean();

    private RedisResponseCache(CacheStore.Redis store, RedisClient client, LongSupplier nanoClock) {
        this.store = store;
        this.client = client;
        this.setParams = store.ttl() == null
                ? null
                : SetParams.setParams().ex(store.ttl().toSeconds());
        this.nanoClock = nanoClock;
    }

    /** The JVM's cache for {@code store}, connecting (and checking the server answers) on first use. */
    public static RedisResponseCache open(CacheStore.Redis store) {
        return open(store, System::getenv, System::nanoTime);
    }

    /** As {@link #open(CacheStore.Redis)}, with the environment lookup and the clock injected (tests). */
    static synchronized RedisResponseCache open(
            CacheStore.Redis store, Function<String, String> env, LongSupplier nanoClock) {
        RedisResponseCache open = OPEN.get(store);
        if (open != null) {
            return open;
        }
        Server server = new Server(store.url(), store.passwordEnv());
        Pool pool = POOLS.get(server);
        if (pool == null) {
            pool = new Pool(connect(store, env));
            POOLS.put(server, pool);
        }
        pool.users++;
        RedisResponseCache cache = new RedisResponseCache(store, pool.client, nanoClock);
        OPEN.put(store, cache);
        LOG.info(
                "Response cache: {}, key prefix '{}', {}",
                store.describe(),
                store.keyPrefix(),
                store.ttl() == null
                        ? "no expiry"
                        : "answers expire after " + store.ttl().toDays() + " days");
        return cache;
    }

    /**
     * {@code labelpanel validate --ping}: connects to {@code store}'s server, sends {@code PING} (after {@code AUTH}
     * when a password is set) and disconnects, without touching the JVM's pools. Returns the time it took in ms;
     * throws an {@link IllegalStateException} naming the server (never the password) when it fails.
     */
    public static long ping(CacheStore.Redis store, Function<String, String> env) {
        long start = System.nanoTime();
        try (RedisClient client = connect(store, env)) {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        }
    }

    private static RedisClient connect(CacheStore.Redis store, Function<String, String> env) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .database(store.database())
                .ssl(store.tls())
                .clientName("labelpanel")
                .connectionTimeoutMillis(TIMEOUT_MILLIS)
                .socketTimeoutMillis(TIMEOUT_MILLIS);
        if (store.user() != null) {
            config.user(store.user());
        }
        if (store.passwordEnv() != null) {
            String password = env.apply(store.passwordEnv());
            if (password == null || password.isEmpty()) {
                throw new IllegalStateException("cache.password_env names " + store.passwordEnv()
                        + ", which is not set: export " + store.passwordEnv() + "=... with the password of "
                        + store.describe() + " (on every worker)");
            }
            config.password(password);
        }
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(POOL_SIZE);
        pool.setMaxIdle(POOL_SIZE);
        pool.setMaxWait(Duration.ofMillis(TIMEOUT_MILLIS));
        // A connection left over from before a Redis restart fails its check and is replaced, not used.
        pool.setTestOnBorrow(true);
        pool.setJmxEnabled(false);
        RedisClient client = RedisClient.builder()
                .hostAndPort(store.host(), store.port())
                .clientConfig(config.build())
                .poolConfig(pool)
                .build();
        try {
            client.ping();
            return client;
        } catch (JedisException e) {
            client.close();
            throw new IllegalStateException(
                    "cannot use the Redis response cache at " + store.hostAndPort() + " (" + store.describe() + "): "
                            + rootMessage(e) + ". Start Redis there, fix cache.url"
                            + (store.passwordEnv() == null ? "" : " or $" + store.passwordEnv())
                            + ", or run with --no-cache",
                    e);
        }
    }

    @Override
    public Optional<CachedAnswer> get(String key) {
        if (skipping()) {
            skippedReads.incrementAndGet();
            return Optional.empty();
        }
        String value;
        try {
            value = client.get(store.keyPrefix() + key);
        } catch (JedisException e) {
            failed("read", e);
            skippedReads.incrementAndGet();
            return Optional.empty();
        }
        recovered();
        return value == null ? Optional.empty() : decode(key, value);
    }

    @Override
    public void put(String key, CachedAnswer answer) {
        if (skipping()) {
            skippedWrites.incrementAndGet();
            return;
        }
        try {
            if (setParams == null) {
                client.set(store.keyPrefix() + key, encode(answer));
            } else {
                client.set(store.keyPrefix() + key, encode(answer), setParams);
            }
        } catch (JedisException e) {
            failed("write", e);
            skippedWrites.incrementAndGet();
            return;
        }
        recovered();
    }

    /** Keys under this store's prefix (a {@code SCAN} of the database); throws when Redis fails. */
    @Override
    public long size() {
        ScanParams params =
                new ScanParams().match(globEscape(store.keyPrefix()) + "*").count(1000);
        long count = 0;
        String cursor = ScanParams.SCAN_POINTER_START;
        try {
            do {
                ScanResult<String> page = client.scan(cursor, params);
                count += page.getResult().size();
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        } catch (JedisException e) {
            throw new IllegalStateException(
                    "the Redis response cache at " + store.hostAndPort() + " could not be counted: " + rootMessage(e),
                    e);
        }
        return count;
    }

    /** Forgets this store; closes its pool when no other open store uses it. */
    @Override
    public void close() {
        synchronized (RedisResponseCache.class) {
            if (OPEN.remove(store) != this) {
                return;
            }
            Server server = new Server(store.url(), store.passwordEnv());
            Pool pool = POOLS.get(server);
            if (pool != null && --pool.users == 0) {
                POOLS.remove(server);
                pool.client.close();
            }
        }
    }

    /** The pool this cache uses (tests check that stores on one server share it). */
    RedisClient client() {
        return client;
    }

    private boolean skipping() {
        return down.get() && nanoClock.getAsLong() - retryAtNanos.get() < 0;
    }

    private void failed(String what, JedisException e) {
        long now = nanoClock.getAsLong();
        retryAtNanos.set(now + RETRY_AFTER.toNanos());
        if (down.compareAndSet(false, true)) {
            downSinceNanos.set(now);
            LOG.warn(
                    "The Redis response cache at {} failed ({}): {}. Labeling goes on without the cache (answers of this"
                            + " time are not stored); retrying Redis every {} s",
                    store.hostAndPort(),
                    what,
                    rootMessage(e),
                    RETRY_AFTER.toSeconds(),
                    e);
        } else {
            LOG.debug("The Redis response cache at {} still fails ({}): {}", store.hostAndPort(), what, rootMessage(e));
        }
    }

    private void recovered() {
        if (down.get() && down.compareAndSet(true, false)) {
            LOG.info(
                    "The Redis response cache at {} answers again after {} s; {} reads and {} writes went without it",
                    store.hostAndPort(),
                    TimeUnit.NANOSECONDS.toSeconds(nanoClock.getAsLong() - downSinceNanos.get()),
                    skippedReads.get(),
                    skippedWrites.get());
        }
    }

    private static String encode(CachedAnswer answer) {
        ObjectNode node = JSON.createObjectNode();
        node.put("content", answer.content());
        node.put("finish_reason", answer.finishReason());
        node.put("prompt_tokens", answer.promptTokens());
        node.put("completion_tokens", answer.completionTokens());
        node.put("stored_at", System.currentTimeMillis());
        node.put("extras", answer.extrasJson());
        return node.toString();
    }

    /** The stored answer, or a miss (logged once) when the value is not one of ours. */
    private Optional<CachedAnswer> decode(String key, String value) {
        try {
            JsonNode node = JSON.readTree(value);
            if (node != null && node.path("content").isTextual()) {
                JsonNode finish = node.path("finish_reason");
                return Optional.of(new CachedAnswer(
                                node.get("content").asText(),
                                finish.isTextual() ? finish.asText() : null,
                                node.path("prompt_tokens").asInt(),
                                node.path("completion_tokens").asInt())
                        .withExtras(node.path("extras").asText(null)));
            }
        } catch (JsonProcessingException e) {
            // Not JSON: handled as a miss below.
        }
        if (warnedUnreadable.compareAndSet(false, true)) {
            LOG.warn(
                    "The Redis response cache at {} holds a value under {} that is not a labelpanel answer: it counts as a"
                            + " miss and is overwritten (is key prefix '{}' used by something else?)",
                    store.hostAndPort(),
                    store.keyPrefix() + key,
                    store.keyPrefix());
        }
        return Optional.empty();
    }

    private static String globEscape(String prefix) {
        return prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }

    /**
     * The error's message and its root cause's (Jedis keeps the socket error of a failed connect as a suppressed
     * exception), without trailing full stops: they end our sentences.
     */
    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        if (t == e && e.getSuppressed().length > 0) {
            t = e.getSuppressed()[0];
        }
        String message = String.valueOf(e.getMessage()).replaceAll("\\.+$", "");
        return t == e
                ? message
                : message + " (" + String.valueOf(t.getMessage()).replaceAll("\\.+$", "") + ")";
    }
}
