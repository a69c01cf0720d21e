package dev.labelpanel.transforms.llm.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable response cache: one SQLite file, one row per request key, written as each answer arrives. SQLite
 * in WAL mode commits every row on its own, so a run killed at any point (even kill -9) loses only the calls still
 * in flight; other processes may read and write the same file at once (busy timeout).
 *
 * <p>One instance per file per JVM ({@link #open}), shared by every DoFn and thread: SQLite serializes access to a
 * connection anyway, and a single connection keeps the file's lock traffic low.
 */
public final class SqliteResponseCache implements ResponseCache {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteResponseCache.class);
    private static final ConcurrentMap<Path, SqliteResponseCache> OPEN = new ConcurrentHashMap<>();

    private final Path file;
    private final Connection connection;
    private final PreparedStatement select;
    private final PreparedStatement upsert;

    private SqliteResponseCache(Path file) throws SQLException {
        this.file = file;
        this.connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA busy_timeout = 30000");
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA synchronous = NORMAL");
            s.execute("CREATE TABLE IF NOT EXISTS answers ("
                    + " key TEXT PRIMARY KEY, content TEXT NOT NULL, finish_reason TEXT,"
                    + " prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL,"
                    + " stored_at INTEGER NOT NULL, extras TEXT)");
            addExtrasColumn(s);
        }
        this.select = connection.prepareStatement(
                "SELECT content, finish_reason, prompt_tokens, completion_tokens, extras FROM answers WHERE key = ?");
        this.upsert = connection.prepareStatement(
                "INSERT INTO answers (key, content, finish_reason, prompt_tokens, completion_tokens, stored_at, extras)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET content = excluded.content,"
                        + " finish_reason = excluded.finish_reason, prompt_tokens = excluded.prompt_tokens,"
                        + " completion_tokens = excluded.completion_tokens, stored_at = excluded.stored_at,"
                        + " extras = excluded.extras");
    }

    /** A cache file written before answers kept their extras (served model, log-probabilities) gains the column. */
    private static void addExtrasColumn(Statement s) throws SQLException {
        try (ResultSet columns = s.executeQuery("PRAGMA table_info(answers)")) {
            while (columns.next()) {
                if (columns.getString("name").equals("extras")) {
                    return;
                }
            }
        }
        s.execute("ALTER TABLE answers ADD COLUMN extras TEXT");
    }

    /** The JVM's cache for {@code file}, opened (and created, with its folder) on first use. */
    public static SqliteResponseCache open(Path file) {
        Path key = file.toAbsolutePath().normalize();
        return OPEN.computeIfAbsent(key, f -> {
            try {
                Files.createDirectories(f.getParent());
                LOG.info("Response cache {}", f);
                return new SqliteResponseCache(f);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the response cache folder " + f.getParent(), e);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot open the response cache " + f + ": " + e.getMessage(), e);
            }
        });
    }

    @Override
    public synchronized Optional<CachedAnswer> get(String key) {
        try {
            select.setString(1, key);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new CachedAnswer(row.getString(1), row.getString(2), row.getInt(3), row.getInt(4))
                        .withExtras(row.getString(5)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("response cache " + file + " could not be read: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void put(String key, CachedAnswer answer) {
        try {
            upsert.setString(1, key);
            upsert.setString(2, answer.content());
            upsert.setString(3, answer.finishReason());
            upsert.setInt(4, answer.promptTokens());
            upsert.setInt(5, answer.completionTokens());
            upsert.setLong(6, System.currentTimeMillis());
            upsert.setString(7, answer.extrasJson());
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("response cache " + file + " could not be written: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized long size() {
        try (Statement s = connection.createStatement();
                ResultSet row = s.executeQuery("SELECT count(*) FROM answers")) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("response cache " + file + " could not be read: " + e.getMessage(), e);
        }
    }

    /** Closes the file and forgets it, so the next {@link #open} reopens it. */
    @Override
    public synchronized void close() {
        OPEN.remove(file);
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("Closing response cache {} failed: {}", file, e.getMessage());
        }
    }
}
