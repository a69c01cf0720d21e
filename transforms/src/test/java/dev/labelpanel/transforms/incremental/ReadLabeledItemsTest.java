package dev.labelpanel.transforms.incremental;

import static dev.labelpanel.transforms.incremental.CarryOverTest.labeled;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

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
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Rows written by {@link WriteDataset} read back, labeled and unlabeled, every field intact. */
public class ReadLabeledItemsTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void readsBackEveryRowAnOutputHolds() throws Exception {
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
    String out = tmp.getRoot().getPath();
    Pipeline write = Pipeline.create();
    write.apply(Create.of(rows).withCoder(RecordCoder.of(LabeledItem.class))).apply(WriteDataset.to(out));
    write.run().waitUntilFinish();
    Files.writeString(Path.of(out, "run-summary.json"), "{}");
    assertTrue(Files.exists(Path.of(out, "utterance/unlabeled-00000-of-00001.parquet")));

    PAssert.that(p.apply(ReadLabeledItems.fromOutput(out))).containsInAnyOrder(rows);
    p.run();
  }

  @Test
  public void aFileThatIsNotParquetFailsNamingTheFile() throws Exception {
    Path bad = tmp.newFolder("utterance").toPath().resolve("train-00000-of-00001.parquet");
    Files.writeString(bad, "not parquet");
    p.apply(ReadLabeledItems.fromOutput(tmp.getRoot().getPath()));
    Exception e = assertThrows(Exception.class, () -> p.run().waitUntilFinish());
    String messages = "";
    for (Throwable t = e; t != null; t = t.getCause()) {
      messages += t.getMessage() + "\n";
    }
    assertTrue(messages, messages.contains("cannot read the previous output file " + bad));
  }
}
