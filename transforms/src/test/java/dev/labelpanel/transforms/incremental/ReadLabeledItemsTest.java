package dev.labelpanel.transforms.incremental;

import static dev.labelpanel.transforms.incremental.CarryOverTest.labeled;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.schemas.LabeledItem;
import dev.labelpanel.schemas.Turn;
import dev.labelpanel.transforms.coders.RecordCoder;
import dev.labelpanel.transforms.output.WriteDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;

/** Rows written by {@link WriteDataset} read back, labeled and unlabeled, every field intact. */
@ExtendWith(TestPipelineExtension.class)
class ReadLabeledItemsTest {
  private TestPipeline p;
  @TempDir Path tmp;

  @BeforeEach
  void usePipeline(TestPipeline pipeline) {
    p = pipeline;
  }

  @Test
  void readsBackEveryRowAnOutputHolds() throws Exception {
    LabeledItem pair =
        LabeledItem.newBuilder(labeled("p", "validation", "NSFW", "h"))
            .setGranularity("context")
            .setRole("bot")
            .setContext(List.of(new Turn("user", "Voilà — ünïcödé 😊")))
            .build();
    List<LabeledItem> rows =
        List.of(
            labeled("a", "train", "SFW", "h"),
            labeled("b", "test", "NSFW", "h"),
            labeled("u", "train", null, "h"),
            pair);
    String out = tmp.toString();
    Pipeline write = Pipeline.create();
    write.apply(Create.of(rows).withCoder(RecordCoder.of(LabeledItem.class))).apply(WriteDataset.to(out));
    write.run().waitUntilFinish();
    Files.writeString(Path.of(out, "run-summary.json"), "{}");
    assertTrue(Files.exists(Path.of(out, "utterance/unlabeled-00000-of-00001.parquet")));

    PAssert.that(p.apply(ReadLabeledItems.fromOutput(out))).containsInAnyOrder(rows);
    p.run();
  }

  @Test
  void aFileThatIsNotParquetFailsNamingTheFile() throws Exception {
    Path bad = java.nio.file.Files.createDirectories(tmp.resolve("utterance")).resolve("train-00000-of-00001.parquet");
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
