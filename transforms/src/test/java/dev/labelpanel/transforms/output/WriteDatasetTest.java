package dev.labelpanel.transforms.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.labelpanel.schemas.Calibration;
import dev.labelpanel.schemas.LabeledItem;
import dev.labelpanel.schemas.Turn;
import dev.labelpanel.schemas.Vote;
import dev.labelpanel.transforms.PipelineTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteDatasetTest extends PipelineTest {
    @TempDir
    Path tmp;

    private static LabeledItem item(String id, String granularity, String split, List<Turn> context) {
        Vote vote = Vote.newBuilder()
                .setLabeler("panel-1")
                .setModel("qwen-7b")
                .setLabel("SFW")
                .setRawAnswer("SFW")
                .setFinishReason("stop")
                .setLatencyMs(250L)
                .setPromptTokens(80)
                .setCompletionTokens(2)
                .setAttempts(1)
                .build();
        return LabeledItem.newBuilder()
                .setItemId(id)
                .setDialogueId("d-" + id)
                .setGranularity(granularity)
                .setSplit(split)
                .setRole("bot")
                .setText("Voilà — ünïcödé 😊 text of " + id)
                .setContext(context)
                .setTurnIndex(3)
                .setSourceFile("/in/chats.jsonl")
                .setRecordNumber(12L)
                .setLabel("SFW")
                .setLabelId(1)
                .setLabelSource("calibrated-agree")
                .setStage1Label("SFW")
                .setVotes(List.of(
                        vote,
                        Vote.newBuilder(vote)
                                .setLabeler("panel-2")
                                .setLabel(null)
                                .setNoVoteReason("refusal")
                                .build()))
                .setAgreement(0.75)
                .setCalibration(Calibration.newBuilder()
                        .setCalibrator("judge")
                        .setFirstAnswer(vote)
                        .build())
                .setConfigHash("abc123")
                .build();
    }

    @Test
    void writesOneFolderPerGranularityAndReadsBackEveryField() throws IOException {
        List<Turn> context = List.of(new Turn("user", "hello"), new Turn("bot", "hi"), new Turn("user", "and?"));
        List<LabeledItem> items = List.of(
                item("a", "utterance", "train", null),
                item("b", "utterance", "train", null),
                item("c", "utterance", "test", null),
                item("d", "context", "validation", context));
        String out = tmp.toString();
        p.apply(Create.of(items).withCoder(AvroCoder.of(LabeledItem.class)))
                .apply(WriteDataset.to(out).withCompression(ParquetCompression.ZSTD));
        p.run().waitUntilFinish();

        List<String> files;
        try (Stream<Path> walk = Files.walk(tmp)) {
            files = walk.filter(Files::isRegularFile)
                    .map(f -> tmp.relativize(f).toString())
                    .sorted()
                    .toList();
        }
        assertEquals(
                List.of(
                        "context/validation-00000-of-00001.parquet",
                        "utterance/test-00000-of-00001.parquet",
                        "utterance/train-00000-of-00001.parquet"),
                files);

        List<GenericRecord> train = readAll(Path.of(out, "utterance/train-00000-of-00001.parquet"));
        assertEquals(2, train.size());
        List<GenericRecord> pairs = readAll(Path.of(out, "context/validation-00000-of-00001.parquet"));
        assertEquals(1, pairs.size());
        GenericRecord d = pairs.get(0);
        LabeledItem expected = items.get(3);
        for (org.apache.avro.Schema.Field field : LabeledItem.getClassSchema().getFields()) {
            assertEquals(String.valueOf(expected.get(field.pos())), String.valueOf(d.get(field.name())), field.name());
        }
    }

    @Test
    void stringsAreUtf8AndListsAreStandardThreeLevelLists() throws IOException {
        String out = tmp.toString();
        p.apply(Create.of(List.of(item("a", "context", "train", List.of(new Turn("user", "x")))))
                        .withCoder(AvroCoder.of(LabeledItem.class)))
                .apply(WriteDataset.to(out));
        p.run().waitUntilFinish();
        try (ParquetFileReader reader =
                ParquetFileReader.open(new LocalInputFile(Path.of(out, "context/train-00000-of-00001.parquet")))) {
            ParquetMetadata meta = reader.getFooter();
            MessageType schema = meta.getFileMetaData().getSchema();
            assertEquals(
                    LogicalTypeAnnotation.stringType(), schema.getType("text").getLogicalTypeAnnotation());
            // context: optional group (LIST) { repeated group list { required group element {...} } }
            org.apache.parquet.schema.GroupType contextList =
                    schema.getType("context").asGroupType();
            assertEquals(LogicalTypeAnnotation.listType(), contextList.getLogicalTypeAnnotation());
            assertEquals("list", contextList.getType(0).getName());
            assertEquals(
                    "element", contextList.getType(0).asGroupType().getType(0).getName());
            assertEquals(
                    "SNAPPY",
                    meta.getBlocks().get(0).getColumns().get(0).getCodec().name());
        }
    }

    static List<GenericRecord> readAll(Path file) throws IOException {
        List<GenericRecord> rows = new ArrayList<>();
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file))
                .withDataModel(GenericData.get())
                .build()) {
            GenericRecord r;
            while ((r = reader.read()) != null) {
                rows.add(r);
            }
        }
        return rows;
    }
}
