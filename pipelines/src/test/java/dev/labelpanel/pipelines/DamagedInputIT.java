package dev.labelpanel.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labelpanel.transforms.read.DamagedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: good files next to files that break off while read (a gzip cut short in each gzippable format, garbage
 * after a gzip, a Parquet file cut in half, a file that gives an I/O error) in one {@code labelpanel run} against
 * the embedded simulator. The run exits 0; what was decoded before each break is labeled; each damaged rest is one
 * dead letter with its position and cause; records read = in dialogues + dead letters.
 */
class DamagedInputIT {
    @TempDir
    Path tmp;

    private static String chat(String id, String user, String bot) {
        return "{\"id\":\"" + id + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + user
                + "\"},{\"role\":\"assistant\",\"content\":\"" + bot + "\"}]}";
    }

    private static String chat(String id) {
        return chat(id, "hello from " + id + ", how was your day?", "pretty good, thanks for asking, " + id);
    }

    @Test
    void damagedFilesNextToGoodOnesExitZeroWithExactCounts() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.writeString(
                in.resolve("good.jsonl"),
                Stream.of("g-1", "g-2", "g-3", "g-4")
                        .map(DamagedInputIT::chat)
                        .collect(Collectors.joining("\n", "", "\n")));
        String lost = DamagedFiles.incompressible(6000, 13);
        DamagedFiles.truncatedGzip(
                in.resolve("cut.jsonl.gz"),
                chat("c-1") + "\n" + chat("c-2") + "\n",
                chat("c-3", lost, "never read") + "\n" + chat("c-4") + "\n");
        DamagedFiles.gzipWithTrailingGarbage(in.resolve("tail.jsonl.gz"), chat("t-1") + "\n" + chat("t-2") + "\n");
        DamagedFiles.truncatedGzip(
                in.resolve("cut.json.gz"),
                "[" + chat("a-1") + ",\n" + chat("a-2") + ",\n",
                chat("a-3", lost, "never read") + "]\n");
        DamagedFiles.truncatedGzip(
                in.resolve("cut.csv.gz"),
                "conversation_id,turn,speaker,message\nk-1,0,user,is anyone there?\nk-1,1,bot,yes I am here for you\n",
                "k-2,0,user," + lost + "\n");
        DamagedFiles.truncatedParquet(
                in.resolve("cut.parquet"),
                List.of(DamagedFiles.dialogue("p-1", "hi", "hello"), DamagedFiles.dialogue("p-2", "bye", "see you")));
        // Reading /proc/self/mem at offset 0 fails with EIO: a file that matches but cannot be read, like a bad disk.
        Files.createSymbolicLink(in.resolve("unreadable.jsonl"), Path.of("/proc/self/mem"));

        Path config = tmp.resolve("damaged.yaml");
        Files.writeString(
                config,
                Files.readString(SampleConfigs.faultFree(tmp))
                        .replaceFirst("(?s)  paths:\n.*?\n  format:", "  paths:\n    - " + in + "/*\n  format:"));
        Path out = tmp.resolve("out");
        Path log = tmp.resolve("run.log");
        Process run = RunFixture.child(config, out, log).start();
        assertTrue(run.waitFor(5, TimeUnit.MINUTES), "labelpanel run did not finish in 5 minutes");
        String printed = Files.readString(log);
        assertEquals(0, run.exitValue(), printed);

        // Read: good 4; cut.jsonl.gz 2 + 1; tail.jsonl.gz 2 + 1; cut.json.gz 2 + 1; cut.csv.gz 2 rows + 1;
        // cut.parquet 1; unreadable.jsonl 1. So 18 = 12 in dialogues + 6 dead letters.
        assertTrue(
                Pattern.compile("records read\\s+18\\s+\\(in dialogues 12, dead letters 6\\)")
                        .matcher(printed)
                        .find(),
                printed);
        assertTrue(printed.contains("records read = in dialogues + dead letters: ok;"), printed);
        assertTrue(printed.contains("items emitted = written + duplicates: ok"), printed);

        Set<String> labeledDialogues = new TreeSet<>();
        for (Outputs.Row row : Outputs.readAll(out)) {
            labeledDialogues.add(row.get("dialogue_id"));
            assertTrue(row.get("label") != null, "every item is labeled: " + row.record());
        }
        assertEquals(
                new TreeSet<>(List.of("g-1", "g-2", "g-3", "g-4", "c-1", "c-2", "t-1", "t-2", "a-1", "a-2", "k-1")),
                labeledDialogues);

        Map<String, JsonNode> deadLetters = new TreeMap<>();
        try (Stream<Path> files = Files.list(out.resolve("dead-letter"))) {
            for (Path file : files.toList()) {
                for (String line : Files.readAllLines(file)) {
                    JsonNode d = new ObjectMapper().readTree(line);
                    deadLetters.put(
                            d.get("source_file").asText().replaceAll(".*/", "") + "#"
                                    + d.get("record_number").asLong(),
                            d);
                }
            }
        }
        assertEquals(
                Set.of(
                        "cut.jsonl.gz#3",
                        "tail.jsonl.gz#3",
                        "cut.json.gz#3",
                        "cut.csv.gz#3",
                        "cut.parquet#1",
                        "unreadable.jsonl#1"),
                deadLetters.keySet());
        deadLetters
                .values()
                .forEach(d -> assertEquals("unreadable-file", d.get("category").asText(), d.toString()));
        assertReason(
                deadLetters,
                "cut.jsonl.gz#3",
                "line 3 and the rest of the file could not be read: the file ends in"
                        + " the middle of its compressed data, so it is truncated (java.io.EOFException: the gzip data ends at"
                        + " compressed byte " + Files.size(in.resolve("cut.jsonl.gz"))
                        + " in the middle of member 1) at byte ");
        assertReason(
                deadLetters,
                "tail.jsonl.gz#3",
                "line 3 and the rest of the file could not be read: the file could"
                        + " not be read (java.io.IOException: garbage after gzip member 1 at compressed byte ");
        assertReason(
                deadLetters, "cut.json.gz#3", "record 3 and the rest of the file could not be read: the file ends");
        assertReason(deadLetters, "cut.csv.gz#3", "row 3: the file ends in the middle of its compressed data");
        assertReason(deadLetters, "cut.parquet#1", "could not read Parquet at row 1: ");
        assertTrue(deadLetters.get("cut.parquet#1").get("reason").asText().contains("is not a Parquet file"));
        assertReason(
                deadLetters,
                "unreadable.jsonl#1",
                "line 1 and the rest of the file could not be read: the file"
                        + " could not be read (java.io.IOException: Input/output error) at byte 0 of its content");
        assertTrue(deadLetters.get("cut.jsonl.gz#3").get("payload").asText().startsWith("{\"id\":\"c-3\""));
    }

    private static void assertReason(Map<String, JsonNode> deadLetters, String key, String start) throws IOException {
        String reason = deadLetters.get(key).get("reason").asText();
        assertTrue(reason.startsWith(start), key + ": " + reason);
    }
}
