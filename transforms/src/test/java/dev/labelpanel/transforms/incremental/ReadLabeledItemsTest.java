package dev.labelpanel.transforms.incremental;

import static dev.labelpanel.transforms.incremental.CarryOverTest.labeled;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.schemas.LabeledItem;
import dev.labelpanel.schemas.Turn;
import dev.labelpanel.transforms.PipelineTest;
import dev.labelpanel.transforms.coders.RecordCoder;
import dev.labelpanel.transforms.output.WriteDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows written by {@link WriteDataset} read back, labeled and unlabeled, every field intact. */
class ReadLabeledItemsTest extends PipelineTest {
    @TempDir
    Path tmp;

    @Test
    void readsBackEveryRowAnOutputHolds() throws Exception {
        LabeledItem pair = LabeledItem.newBuilder(labeled("p", "validation", "NSFW", "h"))
                .setGranularity("context")
                .setRole("bot")
                .setContext(List.of(new Turn("user", "Voilà — ünïcödé 😊")))
                .build();
        List<LabeledItem> rows = List.of(
                labeled("a", "train", "SFW", "h"),
                labeled("b", "test", "NSFW", "h"),
                labeled("u", "train", null, "h"),
                pair);
        String out = tmp.toString();
        Pipeline write = Pipeline.create();
        write.apply(Create.of(rows).withCoder(RecordCoder.of(LabeledItem.class)))
                .apply(WriteDataset.to(out));
        write.run().waitUntilFinish();
        Files.writeString(Path.of(out, "run-summary.json"), "{}");
        assertTrue(Files.exists(Path.of(out, "utterance/unlabeled-00000-of-00001.parquet")));

        PAssert.that(p.apply(ReadLabeledItems.fromOutput(out))).containsInAnyOrder(rows);
        p.run();
    }

    @Test
    void rowsWrittenBeforeLabelProbsExistedReadWithoutThem() throws Exception {
        // The LabeledItem schema as it was before label_probs and confidence were added.
        org.apache.avro.Schema current = LabeledItem.getClassSchema();
        List<org.apache.avro.Schema.Field> oldFields = current.getFields().stream()
                .filter(f -> !f.name().equals("label_probs") && !f.name().equals("confidence"))
                .map(f -> new org.apache.avro.Schema.Field(f, f.schema()))
                .toList();
        org.apache.avro.Schema old = org.apache.avro.Schema.createRecord(
                current.getName(), current.getDoc(), current.getNamespace(), false, oldFields);
        LabeledItem row = labeled("a", "train", "SFW", "h");
        org.apache.avro.generic.GenericRecord oldRow = toGeneric(row, old);
        Path file = Files.createDirectories(tmp.resolve("utterance")).resolve("train-00000-of-00001.parquet");
        try (org.apache.parquet.hadoop.ParquetWriter<org.apache.avro.generic.GenericRecord> writer =
                org.apache.parquet.avro.AvroParquetWriter.<org.apache.avro.generic.GenericRecord>builder(
                                new org.apache.parquet.io.LocalOutputFile(file))
                        .withSchema(old)
                        .build()) {
            writer.write(oldRow);
        }
        Files.writeString(tmp.resolve("run-summary.json"), "{}");

        LabeledItem expected = LabeledItem.newBuilder(row)
                .setLabelProbs(null)
                .setConfidence(null)
                .build();
        PAssert.that(p.apply(ReadLabeledItems.fromOutput(tmp.toString()))).containsInAnyOrder(expected);
        p.run();
    }

    private static org.apache.avro.generic.GenericRecord toGeneric(LabeledItem row, org.apache.avro.Schema old) {
        org.apache.avro.generic.GenericRecordBuilder b = new org.apache.avro.generic.GenericRecordBuilder(old);
        for (org.apache.avro.Schema.Field f : old.getFields()) {
            b.set(f.name(), row.get(f.name()));
        }
        return b.build();
    }

    @Test
    void aFileThatIsNotParquetFailsNamingTheFile() throws Exception {
        Path bad =
                java.nio.file.Files.createDirectories(tmp.resolve("utterance")).resolve("train-00000-of-00001.parquet");
        Files.writeString(bad, "not parquet");
        p.apply(ReadLabeledItems.fromOutput(tmp.toString()));
        Exception e = assertThrows(Exception.class, () -> p.run().waitUntilFinish());
        String messages = "";
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages += t.getMessage() + "\n";
        }
        assertTrue(messages.contains("cannot read the previous output file " + bad), messages);
    }
}
