package dev.labelpanel.transforms.read;

import static dev.labelpanel.transforms.Arguments.check;

import com.google.auto.value.AutoValue;
import dev.labelpanel.schemas.DeadLetter;
import dev.labelpanel.schemas.Dialogue;
import dev.labelpanel.transforms.StageResult;
import dev.labelpanel.transforms.coders.RecordCoder;
import dev.labelpanel.transforms.failures.DeadLetterFactory;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Watch;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * Reads dialogues from files matching glob patterns: JSON Lines and JSON arrays (OpenAI chat, ShareGPT and the
 * CensorChat shapes), CSV with a column mapping, and Parquet in the {@code Dialogue} schema; plain or
 * compressed (by extension, e.g. {@code .gz}). Each bad record becomes a {@link DeadLetter} with its reason and
 * reading goes on, so that records read = records in dialogues + dead letters. A file that breaks off (a truncated
 * gzip, garbage after it, a read error, a file gone between matching and reading) keeps the records read before
 * the break; its unreadable rest counts as one more record, a dead letter with the position and the cause.
 *
 * <pre>{@code
 * ReadDialogues.Result read = p.apply("ReadDialogues", ReadDialogues.from(List.of("logs/*.jsonl.gz")));
 * PCollection<Dialogue> dialogues = read.getDialogues();
 * }</pre>
 *
 * <p>{@link #continuously} turns it into an unbounded read (watch mode): the patterns are matched again at every
 * poll, each new file is read once, and records are put into fixed windows by the time their file was found.
 */
@AutoValue
public abstract class ReadDialogues extends PTransform<PBegin, ReadDialogues.Result> {
    private static final long serialVersionUID = 1L;

    abstract List<String> filepatterns();

    abstract InputFormat format();

    abstract CsvColumns csvColumns();

    abstract int maxTextBytes();

    abstract int maxPayloadChars();

    abstract @Nullable Watching watching();

    abstract Builder toBuilder();

    /** How an unbounded read watches its patterns: see {@link #continuously}. */
    record Watching(Duration pollInterval, Duration window, Watch.Growth.TerminationCondition<String, ?> until)
            implements Serializable {}

    /** Reads every file matching any of {@code filepatterns} (Beam filesystem globs). */
    public static ReadDialogues from(List<String> filepatterns) {
        check(filepatterns != null && !filepatterns.isEmpty(), "at least one input file pattern is needed");
        return new AutoValue_ReadDialogues.Builder()
                .setFilepatterns(List.copyOf(filepatterns))
                .setFormat(InputFormat.AUTO)
                .setCsvColumns(CsvColumns.defaults())
                .setMaxTextBytes(TextRules.DEFAULT_MAX_TEXT_BYTES)
                .setMaxPayloadChars(DeadLetterFactory.DEFAULT_MAX_PAYLOAD_CHARS)
                .build();
    }

    /** The format of every file; {@link InputFormat#AUTO} (the default) picks by file extension. */
    public ReadDialogues withFormat(InputFormat format) {
        check(format != null, "format must not be null");
        return toBuilder().setFormat(format).build();
    }

    public ReadDialogues withCsvColumns(CsvColumns columns) {
        check(columns != null, "CSV columns must not be null");
        return toBuilder().setCsvColumns(columns).build();
    }

    /** Texts longer than this many UTF-8 bytes become dead letters (default 32 KiB). */
    public ReadDialogues withMaxTextBytes(int maxTextBytes) {
        TextRules.withMaxTextBytes(maxTextBytes);
        return toBuilder().setMaxTextBytes(maxTextBytes).build();
    }

    /** Dead letters keep at most this many characters of the bad record (default 4096). */
    public ReadDialogues withMaxPayloadChars(int maxPayloadChars) {
        check(maxPayloadChars >= 0, "max payload chars must be at least 0 but was %s", maxPayloadChars);
        return toBuilder().setMaxPayloadChars(maxPayloadChars).build();
    }

    /**
     * Matches the patterns every {@code pollInterval} until {@code until} lets polling stop, and reads each new
     * file (by name) once: an unbounded read. Each file's records get the time of the poll that found the file as
     * their timestamp, and go into fixed windows of {@code window}; the watermark follows the polls, so a window
     * closes at the first poll after its end. A file must be complete when it appears (write it elsewhere and move
     * it in): one still being written may be read half.
     */
    public ReadDialogues continuously(
            Duration pollInterval, Duration window, Watch.Growth.TerminationCondition<String, ?> until) {
        check(
                pollInterval != null && pollInterval.getMillis() > 0,
                "the poll interval must be positive but was %s",
                pollInterval);
        check(
                window != null && dev.labelpanel.transforms.output.WindowFolder.isWholeSeconds(window),
                "the window must be a whole number of seconds, at least 1 s, but was %s",
                window);
        check(until != null, "the termination condition must not be null");
        return toBuilder()
                .setWatching(new Watching(pollInterval, window, until))
                .build();
    }

    @Override
    public Result expand(PBegin input) {
        FileIO.MatchAll match = FileIO.matchAll().withEmptyMatchTreatment(EmptyMatchTreatment.ALLOW_IF_WILDCARD);
        if (watching() != null) {
            match = match.continuously(watching().pollInterval(), watching().until());
        }
        PCollection<MatchResult.Metadata> matched = input.apply(
                        "ListPatterns", Create.of(filepatterns()).withCoder(StringUtf8Coder.of()))
                .apply("MatchFiles", match);
        return readMatched(matched);
    }

    /**
     * Reads files already matched. Package-private so tests can hand it a file that vanished after matching; a file
     * gone or unreadable by the time it is read is one dead letter, like any file that breaks off.
     */
    Result readMatched(PCollection<MatchResult.Metadata> matched) {
        TupleTag<Dialogue> dialogueTag = new TupleTag<>("dialogues");
        TupleTag<KV<Integer, CsvTurn>> csvTag = new TupleTag<>("csvRows");
        TupleTag<DeadLetter> failureTag = new TupleTag<>("failures");
        TupleTag<Long> recordsReadTag = new TupleTag<>("recordsRead");

        PCollection<FileIO.ReadableFile> files =
                matched.apply("OpenFiles", FileIO.readMatches().withCompression(Compression.AUTO));
        if (watching() != null) {
            // Records are timestamped by the poll that found their file, which is also the watermark then: never late.
            files = files.apply(
                    "WindowByArrival",
                    Window.<FileIO.ReadableFile>into(FixedWindows.of(watching().window()))
                            .withAllowedLateness(Duration.ZERO));
        }

        ParseFilesFn parse = new ParseFilesFn(
                format(),
                csvColumns(),
                TextRules.withMaxTextBytes(maxTextBytes()),
                new DeadLetterFactory("ReadDialogues", maxPayloadChars()),
                dialogueTag,
                csvTag,
                failureTag,
                recordsReadTag);
        PCollectionTuple parsed = files.apply(
                "ParseRecords",
                ParDo.of(parse)
                        .withOutputTags(
                                dialogueTag,
                                TupleTagList.of(csvTag).and(failureTag).and(recordsReadTag)));
        parsed.get(dialogueTag).setCoder(RecordCoder.of(Dialogue.class));
        parsed.get(csvTag).setCoder(KvCoder.of(VarIntCoder.of(), SerializableCoder.of(CsvTurn.class)));
        parsed.get(failureTag).setCoder(RecordCoder.of(DeadLetter.class));
        parsed.get(recordsReadTag).setCoder(VarLongCoder.of());

        PCollection<Dialogue> csvDialogues = parsed.get(csvTag)
                .apply("GroupCsvRows", GroupByKey.create())
                .apply("AssembleCsvDialogues", ParDo.of(new AssembleCsvDialoguesFn()))
                .setCoder(RecordCoder.of(Dialogue.class));
        PCollection<Dialogue> dialogues = PCollectionList.of(parsed.get(dialogueTag))
                .and(csvDialogues)
                .apply("AllDialogues", Flatten.pCollections())
                .setCoder(RecordCoder.of(Dialogue.class));
        return new Result(matched.getPipeline(), dialogues, parsed.get(failureTag), parsed.get(recordsReadTag));
    }

    /** The dialogues read, the bad records, and how many records each file held. */
    public static final class Result extends StageResult {
        private final PCollection<Dialogue> dialogues;
        private final PCollection<DeadLetter> failures;
        private final PCollection<Long> recordsPerFile;

        Result(
                Pipeline pipeline,
                PCollection<Dialogue> dialogues,
                PCollection<DeadLetter> failures,
                PCollection<Long> recordsPerFile) {
            super(pipeline, Map.of("dialogues", dialogues, "failures", failures, "recordsPerFile", recordsPerFile));
            this.dialogues = dialogues;
            this.failures = failures;
            this.recordsPerFile = recordsPerFile;
        }

        public PCollection<Dialogue> getDialogues() {
            return dialogues;
        }

        public PCollection<DeadLetter> getFailures() {
            return failures;
        }

        /** One element per input file: the number of records read from it. */
        public PCollection<Long> getRecordsPerFile() {
            return recordsPerFile;
        }
    }

    @AutoValue.Builder
    abstract static class Builder {
        abstract Builder setFilepatterns(List<String> filepatterns);

        abstract Builder setFormat(InputFormat format);

        abstract Builder setCsvColumns(CsvColumns csvColumns);

        abstract Builder setMaxTextBytes(int maxTextBytes);

        abstract Builder setMaxPayloadChars(int maxPayloadChars);

        abstract Builder setWatching(@Nullable Watching watching);

        abstract ReadDialogues build();
    }
}
