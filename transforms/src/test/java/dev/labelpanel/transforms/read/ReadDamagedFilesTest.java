package dev.labelpanel.transforms.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.schemas.DeadLetter;
import dev.labelpanel.schemas.Dialogue;
import dev.labelpanel.transforms.Fixtures;
import dev.labelpanel.transforms.PipelineTest;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MetadataCoderV2;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that break off while being read: a gzip cut short, garbage after a gzip member, a Parquet file cut in half,
 * a file gone or unreadable between matching and reading. What was decoded before the break is read; the rest is
 * one dead letter with its position and cause, and counts as one record read.
 */
class ReadDamagedFilesTest extends PipelineTest {
    @TempDir
    Path tmp;

    private static final CsvColumns CSV = CsvColumns.of("conv", "turn", "who", "message");

    private static String line(String id, String text) {
        return "{\"id\":\"" + id + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    }

    private ReadDialogues.Result read(Path... files) {
        List<String> paths = java.util.Arrays.stream(files).map(Path::toString).toList();
        return p.apply(ReadDialogues.from(paths).withCsvColumns(CSV));
    }

    private static PCollection<String> described(PCollection<Dialogue> dialogues) {
        return dialogues.apply(
                "DescribeDialogues", MapElements.into(TypeDescriptors.strings()).via(Fixtures::describe));
    }

    /** Dead letters by file name, so each can be checked on its own. */
    private static Map<String, DeadLetter> byFile(Iterable<DeadLetter> letters) {
        Map<String, DeadLetter> byFile = new HashMap<>();
        for (DeadLetter d : letters) {
            String name = d.getSourceFile().substring(d.getSourceFile().lastIndexOf('/') + 1);
            assertNull(byFile.put(name, d), "one dead letter per damaged file, but " + name + " has two");
        }
        return byFile;
    }

    @Test
    void aTruncatedGzipKeepsWhatWasDecodedAndDeadLettersTheRestWithItsPosition() throws IOException {
        String keptJsonl = line("t-1", "one") + "\n" + line("t-2", "two") + "\n\n" + line("t-3", "three") + "\n";
        String lostText = DamagedFiles.incompressible(6000, 1);
        Path jsonl = DamagedFiles.truncatedGzip(
                tmp.resolve("cut.jsonl.gz"),
                keptJsonl,
                line("t-5", lostText) + "\n" + line("t-6", "never read") + "\n");
        String keptArray = "[" + line("a-1", "first") + ",\n" + line("a-2", "second") + ",\n";
        Path json = DamagedFiles.truncatedGzip(tmp.resolve("cut.json.gz"), keptArray, line("a-3", lostText) + "]\n");
        String keptCsv = "conv,turn,who,message\nk-1,0,user,hello\nk-1,1,bot,hi there\n";
        Path csv = DamagedFiles.truncatedGzip(tmp.resolve("cut.csv.gz"), keptCsv, "k-2,0,user," + lostText + "\n");

        long jsonlSize = Files.size(jsonl);
        ReadDialogues.Result result = read(jsonl, json, csv);

        PAssert.that(described(result.getDialogues()))
                .containsInAnyOrder(
                        "t-1@cut.jsonl.gz#1[1]: user:one",
                        "t-2@cut.jsonl.gz#2[1]: user:two",
                        "t-3@cut.jsonl.gz#4[1]: user:three",
                        "a-1@cut.json.gz#1[1]: user:first",
                        "a-2@cut.json.gz#2[1]: user:second",
                        "k-1@cut.csv.gz#1[2]: user:hello | bot:hi there");
        assertDeadLetters(result, byFile -> {
            assertEquals(3, byFile.size());
            DeadLetter lines = byFile.get("cut.jsonl.gz");
            assertEquals("unreadable-file", lines.getCategory());
            assertEquals(5, lines.getRecordNumber());
            // The payload is the part of line 5 decoded before the cut; the position is where the cut is.
            String partial = lines.getPayload();
            assertTrue(partial.startsWith("{\"id\":\"t-5\"") && partial.length() > 100, partial);
            assertEquals(
                    "line 5 and the rest of the file could not be read: the file ends in the middle of its compressed"
                            + " data, so it is truncated (java.io.EOFException: the gzip data ends at compressed byte "
                            + jsonlSize + " in the middle of member 1) at byte "
                            + (keptJsonl.length() + partial.length()) + " of its content (4 lines before it were read)",
                    lines.getReason());
            DeadLetter array = byFile.get("cut.json.gz");
            assertEquals("unreadable-file", array.getCategory());
            assertEquals(3, array.getRecordNumber());
            assertTrue(array.getPayload().startsWith("{\"id\":\"a-3\""), array.getPayload());
            assertTrue(
                    array.getReason()
                            .startsWith(
                                    "record 3 and the rest of the file could not be read: the file ends in the middle of its"
                                            + " compressed data, so it is truncated"),
                    array.getReason());
            assertTrue(
                    array.getReason()
                            .endsWith(" at byte "
                                    + (keptArray.length() + array.getPayload().length())
                                    + " of its content (2 records before it were read)"),
                    array.getReason());
            DeadLetter rows = byFile.get("cut.csv.gz");
            assertEquals("unreadable-file", rows.getCategory());
            assertEquals(3, rows.getRecordNumber());
            assertTrue(
                    rows.getReason()
                            .startsWith(
                                    "row 3: the file ends in the middle of its"
                                            + " compressed data, so it is truncated (java.io.EOFException: the gzip data ends at compressed byte "),
                    rows.getReason());
            assertTrue(
                    rows.getReason()
                            .endsWith(
                                    "; that row and the rest of the file could not be read (2 rows before it were read)"),
                    rows.getReason());
        });
        // Per file: the records decoded, plus one for the unreadable rest.
        PAssert.that(result.getRecordsPerFile()).containsInAnyOrder(4L, 3L, 3L);
        p.run();
    }

    @Test
    void garbageAfterAGzipMemberIsOneDeadLetterAfterEveryRecord() throws IOException {
        Path jsonl = DamagedFiles.gzipWithTrailingGarbage(
                tmp.resolve("tail.jsonl.gz"), line("g-1", "one") + "\n" + line("g-2", "two") + "\n");
        Path json =
                DamagedFiles.gzipWithTrailingGarbage(tmp.resolve("tail.json.gz"), "[" + line("g-3", "three") + "]\n");
        Path csv = DamagedFiles.gzipWithTrailingGarbage(
                tmp.resolve("tail.csv.gz"), "conv,turn,who,message\ng-4,0,user,four\n");

        long jsonlSize = Files.size(jsonl) - "this is not gzip\n".length();
        ReadDialogues.Result result = read(jsonl, json, csv);

        PAssert.that(described(result.getDialogues()))
                .containsInAnyOrder(
                        "g-1@tail.jsonl.gz#1[1]: user:one",
                        "g-2@tail.jsonl.gz#2[1]: user:two",
                        "g-3@tail.json.gz#1[1]: user:three",
                        "g-4@tail.csv.gz#1[1]: user:four");
        assertDeadLetters(result, byFile -> {
            assertEquals(
                    "line 3 and the rest of the file could not be read: the file could not be read"
                            + " (java.io.IOException: garbage after gzip member 1 at compressed byte " + jsonlSize
                            + " (not the start of another member)) at byte 116 of its content (2 lines before it were"
                            + " read)",
                    byFile.get("tail.jsonl.gz").getReason());
            assertEquals(2, byFile.get("tail.json.gz").getRecordNumber());
            assertReasonContains(byFile.get("tail.json.gz"), "garbage after gzip member 1");
            assertEquals(2, byFile.get("tail.csv.gz").getRecordNumber());
            assertReasonContains(byFile.get("tail.csv.gz"), "garbage after gzip member 1");
            byFile.values().forEach(d -> assertEquals("unreadable-file", d.getCategory()));
        });
        PAssert.that(result.getRecordsPerFile()).containsInAnyOrder(3L, 2L, 2L);
        p.run();
    }

    @Test
    void aTruncatedParquetFileIsOneDeadLetterWithTheCause() throws IOException {
        Path parquet = DamagedFiles.truncatedParquet(
                tmp.resolve("cut.parquet"),
                List.of(DamagedFiles.dialogue("p-1", "hello", "hi"), DamagedFiles.dialogue("p-2", "again", "sure")));

        ReadDialogues.Result result = read(parquet);

        PAssert.that(result.getDialogues()).empty();
        assertDeadLetters(result, byFile -> {
            DeadLetter d = byFile.get("cut.parquet");
            assertEquals("unreadable-file", d.getCategory());
            assertTrue(d.getReason().startsWith("could not read Parquet at row 1: "), d.getReason());
            assertReasonContains(d, "is not a Parquet file");
        });
        PAssert.that(result.getRecordsPerFile()).containsInAnyOrder(1L);
        p.run();
    }

    @Test
    void aFileGoneOrUnreadableAfterMatchingIsOneDeadLetter() throws IOException {
        Path good = tmp.resolve("good.jsonl");
        Files.writeString(good, line("ok-1", "still here") + "\n");
        Path directory = Files.createDirectory(tmp.resolve("folder.jsonl"));
        ReadDialogues read = ReadDialogues.from(List.of(good.toString()));
        PCollection<MatchResult.Metadata> matched = p.apply(Create.of(
                        matched(good, Files.size(good)),
                        matched(tmp.resolve("gone.jsonl"), 120),
                        matched(tmp.resolve("gone.parquet"), 4000),
                        matched(directory, 4096))
                .withCoder(MetadataCoderV2.of()));

        String gonePath = tmp.resolve("gone.jsonl").toString();
        ReadDialogues.Result result = read.readMatched(matched);

        PAssert.that(described(result.getDialogues())).containsInAnyOrder("ok-1@good.jsonl#1[1]: user:still here");
        assertDeadLetters(result, byFile -> {
            assertEquals(3, byFile.size());
            DeadLetter gone = byFile.get("gone.jsonl");
            assertEquals("unreadable-file", gone.getCategory());
            assertEquals(0, gone.getRecordNumber());
            assertEquals(
                    "the file could not be read (java.io.FileNotFoundException: " + gonePath
                            + " (No such file or directory))",
                    gone.getReason());
            assertReasonContains(byFile.get("gone.parquet"), "FileNotFoundException");
            assertReasonContains(byFile.get("folder.jsonl"), "(Is a directory)");
        });
        PAssert.that(result.getRecordsPerFile()).containsInAnyOrder(1L, 1L, 1L, 1L);
        p.run();
    }

    /** What a test checks of the dead letters, one per damaged file, by file name. */
    private interface ByFileCheck extends Serializable {
        void check(Map<String, DeadLetter> byFile);
    }

    private static void assertDeadLetters(ReadDialogues.Result result, ByFileCheck check) {
        PAssert.that(result.getFailures()).satisfies(letters -> {
            check.check(byFile(letters));
            return null;
        });
    }

    private static void assertReasonContains(DeadLetter letter, String part) {
        assertTrue(letter.getReason().contains(part), letter.getReason());
    }

    private static MatchResult.Metadata matched(Path path, long size) {
        return MatchResult.Metadata.builder()
                .setResourceId(FileSystems.matchNewResource(path.toString(), false))
                .setSizeBytes(size)
                .setIsReadSeekEfficient(true)
                .setLastModifiedMillis(0)
                .build();
    }

    @Test
    void recordsReadEqualRecordsInDialoguesPlusDeadLettersForDamagedFiles() throws IOException {
        Path root = tmp;
        String lost = DamagedFiles.incompressible(6000, 2);
        ReadDialogues.Result result = read(
                DamagedFiles.truncatedGzip(
                        root.resolve("a.jsonl.gz"),
                        line("1", "a") + "\n" + line("2", "b") + "\n",
                        line("3", lost) + "\n"),
                DamagedFiles.truncatedGzip(
                        root.resolve("b.json.gz"), "[" + line("4", "c") + ",", line("5", lost) + "]"),
                DamagedFiles.truncatedGzip(
                        root.resolve("c.csv.gz"),
                        "conv,turn,who,message\n6,0,user,d\n6,1,bot,e\n",
                        "7,0,user," + lost + "\n"),
                DamagedFiles.gzipWithTrailingGarbage(root.resolve("d.jsonl.gz"), line("8", "f") + "\n"),
                DamagedFiles.truncatedParquet(
                        root.resolve("e.parquet"), List.of(DamagedFiles.dialogue("9", "g", "h"))));
        // Decoded records: 2 + 1 + 2 CSV rows + 1 + 0 = 6, all in dialogues; one dead letter per file: 5.
        ReadDialoguesTest.assertRecordCounts(result, 11, 6, 5);
        p.run();
    }
}
