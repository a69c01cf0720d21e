package dev.labelpanel.transforms.read;

import dev.labelpanel.schemas.Dialogue;
import dev.labelpanel.schemas.Turn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.avro.generic.GenericData;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Input files damaged the way real ones are, made by the test that needs them (shared with pipelines' ITs through
 * this module's test-jar): a gzip cut short, a gzip with garbage after it, a Parquet file cut in half.
 */
public final class DamagedFiles {
    private DamagedFiles() {}

    /**
     * A gzip of {@code kept} then {@code lost}, cut halfway through the compressed bytes of {@code lost}. A sync
     * flush after {@code kept} makes exactly {@code kept} decodable from the cut file, so tests know what survives.
     */
    public static Path truncatedGzip(Path file, String kept, String lost) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int flushedAt;
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes, true)) {
            gzip.write(kept.getBytes(StandardCharsets.UTF_8));
            gzip.flush();
            flushedAt = bytes.size();
            gzip.write(lost.getBytes(StandardCharsets.UTF_8));
        }
        byte[] whole = bytes.toByteArray();
        Files.write(file, Arrays.copyOf(whole, flushedAt + (whole.length - flushedAt) / 2));
        return file;
    }

    /** A complete gzip of {@code content} followed by bytes that are not gzip. */
    public static Path gzipWithTrailingGarbage(Path file, String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(content.getBytes(StandardCharsets.UTF_8));
        }
        bytes.write("this is not gzip\n".getBytes(StandardCharsets.UTF_8));
        Files.write(file, bytes.toByteArray());
        return file;
    }

    /** A Parquet file of {@code dialogues} in the Dialogue schema, cut in half (its footer is gone). */
    public static Path truncatedParquet(Path file, List<Dialogue> dialogues) throws IOException {
        Path whole = file.resolveSibling(file.getFileName() + ".whole");
        try (ParquetWriter<Dialogue> writer = AvroParquetWriter.<Dialogue>builder(new LocalOutputFile(whole))
                .withSchema(Dialogue.getClassSchema())
                .withDataModel(GenericData.get())
                .build()) {
            for (Dialogue d : dialogues) {
                writer.write(d);
            }
        }
        byte[] bytes = Files.readAllBytes(whole);
        Files.delete(whole);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        return file;
    }

    /** A user/bot dialogue in the Dialogue schema (for Parquet fixtures). */
    public static Dialogue dialogue(String id, String userText, String botText) {
        return Dialogue.newBuilder()
                .setId(id)
                .setSourceFile("")
                .setRecordNumber(0)
                .setRecordCount(1)
                .setTurns(List.of(new Turn("user", userText), new Turn("bot", botText)))
                .build();
    }

    /**
     * {@code length} letters and digits from a fixed seed: text that compresses poorly, so half of its compressed
     * bytes decode to less than all of it (and never to a line break).
     */
    public static String incompressible(int length, long seed) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        Random random = new Random(seed);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
