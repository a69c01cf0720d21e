package dev.labelpanel.transforms.llm.cache;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Which store keeps the response cache: a serializable description that travels in the labeling spec, so each
 * worker opens the same store. {@link #open} returns the JVM's shared cache for it (one SQLite connection per file,
 * one Redis connection pool per server), never a new one per DoFn.
 */
public sealed interface CacheStore extends Serializable permits CacheStore.Sqlite, CacheStore.Redis {

    /** The JVM's shared cache of this store, opened on first use; throws if it cannot be opened or reached. */
    ResponseCache open();

    /** Where the store is, for logs and messages; never holds a secret. */
    String describe();

    /** A local SQLite file: the default, one file per machine. */
    record Sqlite(String file) implements CacheStore {
        public Sqlite {
            if (file == null || file.isBlank()) {
                throw new IllegalArgumentException("the SQLite response cache needs a file");
            }
        }

        @Override
        public ResponseCache open() {
            return SqliteResponseCache.open(Path.of(file));
        }

        @Override
        public String describe() {
            return "SQLite " + file;
        }
    }

    /**
     * A Redis server that every worker reaches: {@code url} is {@code redis://[user@]host[:port][/db]} (or {@code
     * rediss://} for TLS) and holds no password; {@code passwordEnv} names the environment variable with the password
     * (null: none), read where the store is opened, like an endpoint's API key. Answers are stored under {@code
     * keyPrefix} + the cache key and expire after {@code ttl} (null: never).
     */
    record Redis(String url, String passwordEnv, String keyPrefix, Duration ttl) implements CacheStore {
        public static final String DEFAULT_KEY_PREFIX = "labelpanel:";
        static final int DEFAULT_PORT = 6379;

        public Redis {
            URI uri = parse(url);
            if (uri.getRawUserInfo() != null && uri.getRawUserInfo().contains(":")) {
                throw new IllegalArgumentException(
                        "cache.url " + redact(uri)
                                + " carries a password: remove it from the URL, put it in an environment"
                                + " variable and name that in cache.password_env (the URL travels with the job and may be logged)");
            }
            if (passwordEnv != null && !passwordEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException(
                        "cache.password_env must name an environment variable (letters, digits, _) but was '"
                                + passwordEnv + "'");
            }
            keyPrefix = keyPrefix == null ? DEFAULT_KEY_PREFIX : keyPrefix;
            if (keyPrefix.isEmpty()) {
                throw new IllegalArgumentException(
                        "cache.key_prefix must not be empty (default " + DEFAULT_KEY_PREFIX + ")");
            }
            if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
                throw new IllegalArgumentException("the cache's time to live must be positive but was " + ttl);
            }
        }

        @Override
        public ResponseCache open() {
            return RedisResponseCache.open(this);
        }

        @Override
        public String describe() {
            return "Redis " + (tls() ? "rediss" : "redis") + "://" + (user() == null ? "" : user() + "@")
                    + hostAndPort() + "/" + database();
        }

        public String host() {
            return parse(url).getHost();
        }

        public int port() {
            int port = parse(url).getPort();
            return port == -1 ? DEFAULT_PORT : port;
        }

        /** {@code host:port}, for messages. */
        public String hostAndPort() {
            return host() + ":" + port();
        }

        public int database() {
            String path = parse(url).getPath();
            return path == null || path.isEmpty() || path.equals("/") ? 0 : Integer.parseInt(path.substring(1));
        }

        /** The ACL user named in the URL, or null. */
        public String user() {
            String info = parse(url).getUserInfo();
            return info == null || info.isEmpty() ? null : info;
        }

        public boolean tls() {
            return parse(url).getScheme().equalsIgnoreCase("rediss");
        }

        private static URI parse(String url) {
            String usage = "cache.url must be redis://[user@]host[:port][/db] (rediss:// for TLS) but was ";
            if (url == null || url.isBlank()) {
                throw new IllegalArgumentException("cache.store: redis needs cache.url, e.g. redis://localhost:6379/0");
            }
            URI uri;
            try {
                uri = new URI(url.trim());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(usage + "not a URL (" + e.getReason() + ")");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("redis") && !scheme.equals("rediss")
                    || uri.getHost() == null
                    || uri.getRawQuery() != null
                    || uri.getRawFragment() != null) {
                throw new IllegalArgumentException(usage + redact(uri));
            }
            String path = uri.getPath();
            if (path != null && !path.isEmpty() && !path.equals("/") && !path.matches("/\\d{1,5}")) {
                throw new IllegalArgumentException(usage + redact(uri) + " (the path is the database number)");
            }
            return uri;
        }

        /** {@code uri} with any password replaced by {@code ****}. */
        static String redact(URI uri) {
            String info = uri.getRawUserInfo();
            if (info == null || !info.contains(":")) {
                return uri.toString();
            }
            String user = info.substring(0, info.indexOf(':'));
            return uri.toString().replace(info + "@", user + ":****@");
        }
    }
}
