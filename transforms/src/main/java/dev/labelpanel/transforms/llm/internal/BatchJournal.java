package dev.labelpanel.transforms.llm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The record of submitted batches, {@code batches.jsonl} in the journal folder (next to the response cache): one
 * line when a batch is submitted (its id and its requests' cache keys, written and synced before the run waits on
 * it) and one when it has ended and its answers were handed on. A restarted run reads the batches without an end
 * line and polls them instead of submitting their requests again. Lines are appended under a file lock, so several
 * JVMs on one machine can share the file; one instance per file per JVM.
 */
public final class BatchJournal {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ConcurrentMap<Path, BatchJournal> OPEN = new ConcurrentHashMap<>();

    private final Path file;

    private BatchJournal(Path file) {
        this.file = file;
    }

    /** The journal in {@code dir} (created if missing). */
    public static BatchJournal in(Path dir) {
        return OPEN.computeIfAbsent(
                dir.toAbsolutePath().normalize(), d -> new BatchJournal(d.resolve("batches.jsonl")));
    }

    public Path file() {
        return file;
    }

    /** Records that {@code client} submitted {@code batchId} holding the requests {@code keys}. */
    public void submitted(String client, String batchId, List<String> keys) {
        ObjectNode line = line("submitted", client, batchId);
        line.putPOJO("keys", keys);
        append(line);
    }

    /** Records that {@code batchId} ended with {@code status} and its answers were handed on. */
    public void ended(String client, String batchId, String status) {
        ObjectNode line = line("ended", client, batchId);
        line.put("status", status);
        append(line);
    }

    /** The batches of {@code client} submitted and not ended, in submission order: batch id → request keys. */
    public synchronized Map<String, List<String>> unfinished(String client) {
        Map<String, List<String>> open = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return open;
        }
        try {
            for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                JsonNode line = parse(text);
                if (line == null || !client.equals(line.path("client").asText())) {
                    continue;
                }
                String batch = line.path("batch").asText();
                if (line.path("event").asText().equals("submitted")) {
                    open.put(
                            batch,
                            MAPPER.convertValue(
                                    line.path("keys"),
                                    MAPPER.getTypeFactory().constructCollectionType(List.class, String.class)));
                } else {
                    open.remove(batch);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the batch journal " + file + ": " + e.getMessage(), e);
        }
        return open;
    }

    private static ObjectNode line(String event, String client, String batchId) {
        ObjectNode line = MAPPER.createObjectNode();
        line.put("event", event);
        line.put("client", client);
        line.put("batch", batchId);
        line.put("at", java.time.Instant.now().toString());
        return line;
    }

    /** A line killed half-written is skipped. */
    private static JsonNode parse(String text) {
        try {
            return text.isBlank() ? null : MAPPER.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private synchronized void append(ObjectNode line) {
        try {
            Files.createDirectories(file.getParent());
            byte[] bytes = (MAPPER.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(
                            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                    FileLock lock = channel.lock()) {
                channel.write(ByteBuffer.wrap(bytes));
                channel.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the batch journal " + file + ": " + e.getMessage(), e);
        }
    }
}
