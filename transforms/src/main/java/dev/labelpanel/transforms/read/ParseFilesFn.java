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
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one input file of any supported format and sends each record to its output. The records read from a file
 * are what its reader sent on: each dialogue (a CSV turn) or dead letter is one record, and a file that breaks off
 * adds one dead letter for its unreadable rest, so records read = records in dialogues + dead letters per file.
 */
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
        RecordListener listener = new RecordListener() {
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
        CountingListener counted = new CountingListener(listener);
        try {
            read(file, fileFormat, sourceFile, parser, counted);
        } catch (IOException e) {
            // The file vanished, could not be opened, or broke off where its reader could not say more: what was read
            // before stays read, and the rest is one more record, a dead letter.
            LOG.warn("Could not read input file {} after {} records: {}", sourceFile, counted.records, e.toString());
            counted.failure(deadLetters.create(
                    sourceFile,
                    counted.records == 0 ? 0 : counted.records + 1,
                    FailureCategory.UNREADABLE_FILE,
                    TrackedInput.causeOf(e)
                            + (counted.records == 0
                                    ? ""
                                    : " after " + counted.records + " records; the rest of the file is lost"),
                    null));
        }
        records.inc(counted.records);
        out.get(recordsReadTag).output(counted.records);
        LOG.debug("Read {} records from {} as {}", counted.records, sourceFile, fileFormat);
    }

    private void read(
            FileIO.ReadableFile file,
            InputFormat fileFormat,
            String sourceFile,
            JsonRecordParser parser,
            RecordListener listener)
            throws IOException {
        if (fileFormat == InputFormat.PARQUET) {
            new ParquetDialogueFile(textRules, deadLetters).read(new BeamInputFile(file), sourceFile, listener);
            return;
        }
        try (TrackedInput in = new TrackedInput(open(file))) {
            switch (fileFormat) {
                case JSONL -> new JsonLinesFile(mapper, parser, deadLetters).read(in, sourceFile, listener);
                case JSON -> new JsonArrayFile(mapper, parser, deadLetters).read(in, sourceFile, listener);
                case CSV -> new CsvFile(csvColumns, textRules, deadLetters).read(in, sourceFile, listener);
                default -> throw new IllegalStateException("no reader for " + fileFormat);
            }
            if (in.damage() != null) {
                LOG.warn(
                        "Input file {} breaks off: {}; what came before was read, the rest is one dead letter",
                        sourceFile,
                        in.describeDamage());
            }
        }
    }

    /** The file's content; gzip is decoded here rather than by Beam, so nothing decoded before damage is lost. */
    private static InputStream open(FileIO.ReadableFile file) throws IOException {
        if (file.getCompression() == Compression.GZIP) {
            return GzipContent.of(
                    Channels.newInputStream(FileSystems.open(file.getMetadata().resourceId())));
        }
        return Channels.newInputStream(file.open());
    }

    /** Counts the records a reader sends on: each dialogue, CSV turn and dead letter is one. */
    private static final class CountingListener implements RecordListener {
        private final RecordListener next;
        long records;

        CountingListener(RecordListener next) {
            this.next = next;
        }

        @Override
        public void dialogue(Dialogue dialogue) {
            records++;
            next.dialogue(dialogue);
        }

        @Override
        public void csvTurn(CsvTurn turn) {
            records++;
            next.csvTurn(turn);
        }

        @Override
        public void failure(DeadLetter deadLetter) {
            records++;
            next.failure(deadLetter);
        }
    }
}
