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
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The record of batch submissions, {@code batches.jsonl} in the journal folder (next to the response cache), one
 * JSON line per event, each written and synced before the run goes on:
 *
 * <ul>
 *   <li>{@code intent}: before a batch is created, its {@code submission} id (also sent as the batch's metadata),
 *       the uploaded {@code file} and its requests' cache {@code keys};
 *   <li>{@code submitted}: the {@code batch} id the provider gave that {@code submission} (journals written before
 *       intents existed have no intent and carry the {@code keys} here);
 *   <li>{@code ended}: the batch (or an intent that never became one) ended and its answers were handed on.
 * </ul>
 *
 * <p>A restarted run polls the submitted batches without an end line and looks up, at the provider, the intents
 * without a batch id ({@link Submission#batchId()} null), so a kill at any moment never creates a batch twice.
 *
 * <p>The first open in a JVM compacts the file: it is rewritten (temp file, then an atomic move) with only the lines of
 * unfinished submissions. Appends take a file lock, but compaction assumes no other JVM writes the file while it is
 * opened: two runs sharing one journal folder must not start at the same moment (a line the other JVM appends
 * during the compaction could be lost). One instance per file per JVM.
 */
public final class BatchJournal {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ConcurrentMap<Path, BatchJournal> OPEN = new ConcurrentHashMap<>();

    private final Path file;

    /**
     * A submission not ended: {@code submissionId} null for a journal from before intents, {@code batchId} null for an
     * intent whose batch id was never recorded; {@code at} is when the intent (or the old submitted line) was written.
     */
    public record Submission(String submissionId, String fileId, String batchId, List<String> keys, Instant at) {
        Submission withBatch(String batch) {
            return new Submission(submissionId, fileId, batch, keys, at);
        }
    }

    private BatchJournal(Path file) {
        this.file = file;
    }

    /** The journal in {@code dir} (created if missing), compacted on its first open in this JVM. */
    public static BatchJournal in(Path dir) {
        return OPEN.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> {
            BatchJournal journal = new BatchJournal(d.resolve("batches.jsonl"));
            journal.compact();
            return journal;
        });
    }

    public Path file() {
        return file;
    }

    /** Records that {@code client} is about to create a batch of {@code fileId} as {@code submissionId}. */
    public void intent(String client, String submissionId, String fileId, List<String> keys) {
        ObjectNode line = line("intent", client, null);
        line.put("submission", submissionId);
        line.put("file", fileId);
        line.putPOJO("keys", keys);
        append(line);
    }

    /** Records that the provider created {@code batchId} for {@code submissionId}. */
    public void submitted(String client, String batchId, String submissionId) {
        ObjectNode line = line("submitted", client, batchId);
        line.put("submission", submissionId);
        append(line);
    }

    /** Records that {@code batchId} ended with {@code status} and its answers were handed on. */
    public void ended(String client, String batchId, String status) {
        ObjectNode line = line("ended", client, batchId);
        line.put("status", status);
        append(line);
    }

    /** Records that the intent {@code submissionId} will not become a batch ({@code status} says why). */
    public void abandoned(String client, String submissionId, String status) {
        ObjectNode line = line("ended", client, null);
        line.put("submission", submissionId);
        line.put("status", status);
        append(line);
    }

    /** The submissions of {@code client} not ended, in submission order. */
    public synchronized List<Submission> unfinished(String client) {
        List<Submission> open = new ArrayList<>();
        read().values().stream()
                .filter(entry -> client.equals(entry.client))
                .forEach(entry -> open.add(entry.submission));
        return open;
    }

    /** One unfinished submission while reading: its client, what is known, and its lines (kept by compaction). */
    private static final class Entry {
        final String client;
        Submission submission;
        final List<String> lines = new ArrayList<>();

        Entry(String client, Submission submission, String line) {
            this.client = client;
            this.submission = submission;
            lines.add(line);
        }
    }

    /** The unfinished submissions of every client, by {@code client + submission (or batch) id}. */
    private Map<String, Entry> read() {
        Map<String, Entry> open = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return open;
        }
        List<String> texts;
        try {
            texts = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the batch journal " + file + ": " + e.getMessage(), e);
        }
        for (String text : texts) {
            JsonNode line = parse(text);
            if (line == null) {
                continue;
            }
            String client = line.path("client").asText();
            String submission = textOrNull(line.path("submission"));
            String batch = textOrNull(line.path("batch"));
            String id = client + " " + (submission != null ? "s:" + submission : "b:" + batch);
            switch (line.path("event").asText()) {
                case "intent" ->
                    open.put(
                            id,
                            new Entry(
                                    client,
                                    new Submission(
                                            submission, textOrNull(line.path("file")), null, keys(line), at(line)),
                                    text));
                case "submitted" -> {
                    Entry entry = open.get(id);
                    if (entry == null) { // a line from before intents: the keys are here
                        open.put(
                                id,
                                new Entry(client, new Submission(submission, null, batch, keys(line), at(line)), text));
                    } else {
                        entry.submission = entry.submission.withBatch(batch);
                        entry.lines.add(text);
                    }
                }
                default -> {
                    if (open.remove(id) == null && batch != null) {
                        open.values().removeIf(e -> client.equals(e.client) && batch.equals(e.submission.batchId()));
                    }
                }
            }
        }
        return open;
    }

    /** Rewrites the file with only the lines of unfinished submissions (temp file, then an atomic move). */
    private synchronized void compact() {
        if (!Files.exists(file)) {
            return;
        }
        StringBuilder kept = new StringBuilder();
        read().values()
                .forEach(entry -> entry.lines.forEach(line -> kept.append(line).append('\n')));
        Path temp = file.resolveSibling(file.getFileName() + ".compacting");
        try {
            try (FileChannel channel = FileChannel.open(
                    temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.wrap(kept.toString().getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compact the batch journal " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<String> keys(JsonNode line) {
        if (!line.path("keys").isArray()) {
            return List.of();
        }
        return MAPPER.convertValue(
                line.path("keys"), MAPPER.getTypeFactory().constructCollectionType(List.class, String.class));
    }

    private static Instant at(JsonNode line) {
        try {
            return Instant.parse(line.path("at").asText());
        } catch (java.time.format.DateTimeParseException e) {
            return Instant.EPOCH; // unknown: a lookup then pages through every batch
        }
    }

    private static String textOrNull(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    private static ObjectNode line(String event, String client, String batchId) {
        ObjectNode line = MAPPER.createObjectNode();
        line.put("event", event);
        line.put("client", client);
        if (batchId != null) {
            line.put("batch", batchId);
        }
        line.put("at", Instant.now().toString());
        return line;
    }

    /** A line killed half-written is skipped. */
    private static JsonNode parse(String text) {
        try {
            JsonNode node = text.isBlank() ? null : MAPPER.readTree(text);
            return node != null && node.isObject() ? node : null;
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
