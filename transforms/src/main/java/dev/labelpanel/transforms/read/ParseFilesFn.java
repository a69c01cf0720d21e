package dev.labelpanel.transforms.read;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labelpanel.schemas.DeadLetter;
import dev.labelpanel.schemas.Dialogue;
import dev.labelpanel.transforms.failures.DeadLetterFactory;
import dev.labelpanel.transforms.failures.FailureCategory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads one input file of any supported format and sends each record to its output. */
final class ParseFilesFn extends DoFn<FileIO.ReadableFile, Dialogue> {
  private static final Logger LOG = LoggerFactory.getLogger(ParseFilesFn.class);

  private final InputFormat format;
  private final CsvColumns csvColumns;
  private final TextRules textRules;
  private final DeadLetterFactory deadLetters;
  private final TupleTag<Dialogue> dialogueTag;
  private final TupleTag<KV<Integer, CsvTurn>> csvTag;
  private final TupleTag<DeadLetter> failureTag;
  private final TupleTag<Long> recordsReadTag;

  private final Counter records = Metrics.counter(ReadDialogues.class, "recordsRead");
  private final Counter failures = Metrics.counter(ReadDialogues.class, "badRecords");

  private transient ObjectMapper mapper;

  ParseFilesFn(
      InputFormat format,
      CsvColumns csvColumns,
      TextRules textRules,
      DeadLetterFactory deadLetters,
      TupleTag<Dialogue> dialogueTag,
      TupleTag<KV<Integer, CsvTurn>> csvTag,
      TupleTag<DeadLetter> failureTag,
      TupleTag<Long> recordsReadTag) {
    this.format = format;
    this.csvColumns = csvColumns;
    this.textRules = textRules;
    this.deadLetters = deadLetters;
    this.dialogueTag = dialogueTag;
    this.csvTag = csvTag;
    this.failureTag = failureTag;
    this.recordsReadTag = recordsReadTag;
  }

  @Setup
  public void setup() {
    mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  @ProcessElement
  public void process(@Element FileIO.ReadableFile file, MultiOutputReceiver out) throws IOException {
    String sourceFile = file.getMetadata().resourceId().toString();
    RecordListener listener =
        new RecordListener() {
          @Override
          public void dialogue(Dialogue dialogue) {
            out.get(dialogueTag).output(dialogue);
          }

          @Override
          public void csvTurn(CsvTurn turn) {
            out.get(csvTag).output(KV.of(AssembleCsvDialoguesFn.bucketOf(turn), turn));
          }

          @Override
          public void failure(DeadLetter deadLetter) {
            failures.inc();
            out.get(failureTag).output(deadLetter);
          }
        };
    JsonRecordParser parser = new JsonRecordParser(textRules);
    InputFormat fileFormat = format.forFile(sourceFile);
    long n;
    try {
      n = read(file, fileFormat, sourceFile, parser, listener);
    } catch (IOException e) {
      // The file vanished or could not be opened: nothing of it was read, so it is one bad record.
      LOG.warn("Could not read input file {}: {}", sourceFile, e.toString());
      listener.failure(
          deadLetters.create(
              sourceFile, 0, FailureCategory.UNREADABLE_FILE, "could not read the file: " + e, null));
      n = 1;
    }
    records.inc(n);
    out.get(recordsReadTag).output(n);
    LOG.debug("Read {} records from {} as {}", n, sourceFile, fileFormat);
  }

  private long read(
      FileIO.ReadableFile file,
      InputFormat fileFormat,
      String sourceFile,
      JsonRecordParser parser,
      RecordListener listener)
      throws IOException {
    if (fileFormat == InputFormat.PARQUET) {
      return new ParquetDialogueFile(textRules, deadLetters).read(new BeamInputFile(file), sourceFile, listener);
    }
    try (InputStream in = Channels.newInputStream(file.open())) {
      switch (fileFormat) {
        case JSONL:
          return new JsonLinesFile(mapper, parser, deadLetters).read(in, sourceFile, listener);
        case JSON:
          return new JsonArrayFile(mapper, parser, deadLetters).read(in, sourceFile, listener);
        case CSV:
          return new CsvFile(csvColumns, textRules, deadLetters).read(in, sourceFile, listener);
        default:
          throw new IllegalStateException("no reader for " + fileFormat);
      }
    }
  }
}
