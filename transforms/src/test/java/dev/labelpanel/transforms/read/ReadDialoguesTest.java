package dev.labelpanel.transforms.read;

import static dev.labelpanel.transforms.Fixtures.path;

import dev.labelpanel.schemas.DeadLetter;
import dev.labelpanel.schemas.Dialogue;
import dev.labelpanel.transforms.Fixtures;
import dev.labelpanel.transforms.PipelineTest;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.generic.GenericData;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadDialoguesTest extends PipelineTest {
    @TempDir
    Path tmp;

    private static final CsvColumns CSV = CsvColumns.of("conv", "turn", "who", "message");

    private ReadDialogues.Result read(String... fixtures) {
        List<String> paths = java.util.Arrays.stream(fixtures)
                .map(f -> f.startsWith("/") ? f : path(f))
                .toList();
        return p.apply(ReadDialogues.from(paths).withCsvColumns(CSV));
    }

    private static PCollection<String> described(PCollection<Dialogue> dialogues) {
        return dialogues.apply(
                "DescribeDialogues", MapElements.into(TypeDescriptors.strings()).via(Fixtures::describe));
    }

    private static PCollection<String> describedFailures(PCollection<DeadLetter> failures) {
        return failures.apply(
                "DescribeFailures", MapElements.into(TypeDescriptors.strings()).via(Fixtures::describe));
    }

    @Test
    void readsEveryGoodShape() {
        ReadDialogues.Result result =
                read("openai.jsonl", "sharegpt.json", "censorchat.json", "turns.csv", "compressed.jsonl.gz");

        PAssert.that(described(result.getDialogues()))
                .containsInAnyOrder(
                        "oa-1@openai.jsonl#1[1]: system:You are a friendly companion. | user:Hi there"
                                + " | bot:Hello! How are you today? | user:Tired. | user:Long day at work."
                                + " | bot:Sorry to hear that.\nWant to talk?",
                        "openai.jsonl#3@openai.jsonl#3[1]: bot:Welcome back! | user:Thanks",
                        "oa-1@compressed.jsonl.gz#1[1]: system:You are a friendly companion. | user:Hi there"
                                + " | bot:Hello! How are you today? | user:Tired. | user:Long day at work."
                                + " | bot:Sorry to hear that.\nWant to talk?",
                        "compressed.jsonl.gz#3@compressed.jsonl.gz#3[1]: bot:Welcome back! | user:Thanks",
                        "sg-1@sharegpt.json#1[1]: user:Café au lait, s'il vous plaît ☕ | bot:Voilà! 😊",
                        "42@sharegpt.json#2[1]: user:ping | bot:pong | user:again | bot:pong pong",
                        "censorchat.json#1@censorchat.json#1[1]: unknown:just one utterance",
                        "censorchat.json#2@censorchat.json#2[1]: user:how are you? | bot:fine, thanks",
                        "c-1@turns.csv#1[2]: user:Can you quote me? | bot:Sure, \"quoted\" text\nover two lines",
                        "c-2@turns.csv#3[1]: user:hello csv");
        PAssert.that(result.getFailures()).empty();
        PAssert.that(result.getRecordsPerFile()).containsInAnyOrder(2L, 2L, 2L, 3L, 2L);
        p.run();
    }

    @Test
    void badJsonRecordsBecomeDeadLettersAndReadingGoesOn() {
        ReadDialogues.Result result = read("bad-records.jsonl", "invalid-utf8.jsonl", "too-long.jsonl");

        PAssert.that(described(result.getDialogues()))
                .containsInAnyOrder(
                        "bad-records.jsonl#1@bad-records.jsonl#1[1]: unknown:fine",
                        "invalid-utf8.jsonl#1@invalid-utf8.jsonl#1[1]: unknown:valid one",
                        "invalid-utf8.jsonl#3@invalid-utf8.jsonl#3[1]: unknown:valid two",
                        "too-long.jsonl#2@too-long.jsonl#2[1]: unknown:short");
        PAssert.that(describedFailures(result.getFailures()))
                .containsInAnyOrder(
                        "bad-records.jsonl#2 malformed-json",
                        "bad-records.jsonl#3 unknown-shape",
                        "bad-records.jsonl#4 unknown-shape",
                        "bad-records.jsonl#5 missing-text",
                        "bad-records.jsonl#6 missing-text",
                        "bad-records.jsonl#7 missing-text",
                        "bad-records.jsonl#8 empty-dialogue",
                        "bad-records.jsonl#9 unknown-role",
                        "bad-records.jsonl#10 missing-text",
                        "bad-records.jsonl#11 missing-text",
                        "bad-records.jsonl#12 invalid-utf8",
                        "bad-records.jsonl#13 malformed-json",
                        "invalid-utf8.jsonl#2 invalid-utf8",
                        "too-long.jsonl#1 text-too-long");
        PAssert.that(result.getRecordsPerFile()).containsInAnyOrder(13L, 3L, 2L);
        p.run();
    }

    @Test
    void deadLettersKeepTheReasonAndATruncatedPayload() {
        ReadDialogues.Result result =
                p.apply(ReadDialogues.from(List.of(path("too-long.jsonl"))).withMaxPayloadChars(100));
        PAssert.that(result.getFailures()).satisfies(letters -> {
            DeadLetter d = letters.iterator().next();
            org.junit.jupiter.api.Assertions.assertEquals("ReadDialogues", d.getStage());
            org.junit.jupiter.api.Assertions.assertEquals(100, d.getPayload().length());
            org.junit.jupiter.api.Assertions.assertTrue(d.getPayloadTruncated());
            org.junit.jupiter.api.Assertions.assertTrue(
                    d.getReason().contains("40000 bytes of UTF-8, over the maximum of 32768"), d.getReason());
            return null;
        });
        p.run();
    }

    @Test
    void aBrokenJsonArrayKeepsWhatCameBeforeAndDeadLettersTheRest() {
        ReadDialogues.Result result = read("broken-array.json");
        PAssert.that(described(result.getDialogues()))
                .containsInAnyOrder(
                        "broken-array.json#1@broken-array.json#1[1]: unknown:first",
                        "broken-array.json#2@broken-array.json#2[1]: unknown:second");
        PAssert.that(result.getFailures()).satisfies(letters -> {
            DeadLetter d = letters.iterator().next();
            org.junit.jupiter.api.Assertions.assertEquals("malformed-json", d.getCategory());
            org.junit.jupiter.api.Assertions.assertEquals(3, d.getRecordNumber());
            org.junit.jupiter.api.Assertions.assertTrue(d.getPayload().contains("never read"), d.getPayload());
            return null;
        });
        PAssert.that(result.getRecordsPerFile()).containsInAnyOrder(3L);
        p.run();
    }

    @Test
    void badCsvRowsBecomeDeadLetters() {
        ReadDialogues.Result result = read("bad-rows.csv", "wrong-header.csv");
        PAssert.that(described(result.getDialogues())).containsInAnyOrder("c-1@bad-rows.csv#1[1]: user:ok");
        PAssert.that(describedFailures(result.getFailures()))
                .containsInAnyOrder(
                        "bad-rows.csv#2 missing-column",
                        "bad-rows.csv#3 bad-value",
                        "bad-rows.csv#4 unknown-role",
                        "bad-rows.csv#5 missing-text",
                        "wrong-header.csv#1 missing-column",
                        "wrong-header.csv#2 missing-column");
        PAssert.that(result.getRecordsPerFile()).containsInAnyOrder(5L, 2L);
        p.run();
    }

    @Test
    void readsParquetInTheDialogueSchema() throws Exception {
        File file = new File(tmp.toFile(), "dialogues.parquet");
        try (ParquetWriter<Dialogue> writer = AvroParquetWriter.<Dialogue>builder(new LocalOutputFile(file.toPath()))
                .withSchema(Dialogue.getClassSchema())
                .withDataModel(GenericData.get())
                .build()) {
            writer.write(Fixtures.dialogue("pq-1", "user", "hello parquet", "bot", "hi!"));
            writer.write(Fixtures.dialogue("pq-2", "user", "   "));
        }
        ReadDialogues.Result result = read(file.getPath());
        PAssert.that(described(result.getDialogues()))
                .containsInAnyOrder("pq-1@dialogues.parquet#1[1]: user:hello parquet | bot:hi!");
        PAssert.that(describedFailures(result.getFailures())).containsInAnyOrder("dialogues.parquet#2 missing-text");
        p.run();
    }

    @Test
    void aFileThatIsNotParquetIsOneDeadLetter() throws Exception {
        Path fake = java.nio.file.Files.createFile(tmp.resolve("fake.parquet"));
        Files.writeString(fake, "this is not parquet");
        ReadDialogues.Result result = read(fake.toString());
        PAssert.that(result.getDialogues()).empty();
        PAssert.that(describedFailures(result.getFailures())).containsInAnyOrder("fake.parquet#1 unreadable-file");
        p.run();
    }

    @Test
    void recordsReadEqualRecordsInDialoguesPlusDeadLetters() {
        ReadDialogues.Result result = read(
                "openai.jsonl",
                "sharegpt.json",
                "censorchat.json",
                "turns.csv",
                "compressed.jsonl.gz",
                "bad-records.jsonl",
                "invalid-utf8.jsonl",
                "too-long.jsonl",
                "broken-array.json",
                "bad-rows.csv",
                "wrong-header.csv");
        // Good files: 2 + 2 + 2 + 3 + 2 = 11 records, all in dialogues. Bad files (read / good / dead):
        // bad-records 13/1/12, invalid-utf8 3/2/1, too-long 2/1/1, broken-array 3/2/1, bad-rows 5/1/4,
        // wrong-header 2/0/2. So 39 read = 18 in dialogues + 21 dead letters.
        assertRecordCounts(result, 39, 18, 21);
        p.run();
    }

    /** Asserts the records read (over all files), the records in dialogues and the dead letters of {@code result}. */
    static void assertRecordCounts(ReadDialogues.Result result, long read, long inDialogues, long dead) {
        PAssert.thatSingleton(result.getRecordsPerFile().apply("SumRead", Sum.longsGlobally()))
                .isEqualTo(read);
        PAssert.thatSingleton(result.getDialogues()
                        .apply(
                                "RecordCounts",
                                MapElements.into(TypeDescriptors.longs()).via(d -> (long) d.getRecordCount()))
                        .apply("SumInDialogues", Sum.longsGlobally()))
                .isEqualTo(inDialogues);
        PAssert.thatSingleton(result.getFailures().apply("CountDead", Count.globally()))
                .isEqualTo(dead);
    }
}
