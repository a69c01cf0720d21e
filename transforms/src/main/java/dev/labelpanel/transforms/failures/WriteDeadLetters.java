package dev.labelpanel.transforms.failures;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labelpanel.schemas.DeadLetter;
import dev.labelpanel.transforms.Arguments;
import dev.labelpanel.transforms.output.WindowFolder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Writes every dead letter as one JSON object per line to {@code <dir>/dead-letter/dead-letters-00000-of-00001.jsonl}
 * in the run folder {@code dir}. A windowed collection (watch mode) gets one such file per window that has dead
 * letters, in the window's folder: {@code <dir>/windows/<start>_<end>/dead-letter/...} ({@link WindowFolder}).
 */
public final class WriteDeadLetters extends PTransform<PCollection<DeadLetter>, WriteFilesResult<Void>> {
    private static final long serialVersionUID = 1L;

    /** The folder of the dead letters in a run folder. */
    public static final String FOLDER = "dead-letter";

    private static final String FILE = "dead-letters";

    private final String directory;

    private WriteDeadLetters(String directory) {
        this.directory = directory;
    }

    /** Writes to {@code <directory>/dead-letter/} (per window, {@code <directory>/windows/<window>/dead-letter/}). */
    public static WriteDeadLetters to(String directory) {
        Arguments.check(directory != null && !directory.isBlank(), "the output directory must be set");
        return new WriteDeadLetters(directory.endsWith("/") ? directory : directory + "/");
    }

    @Override
    public WriteFilesResult<Void> expand(PCollection<DeadLetter> deadLetters) {
        PCollection<String> lines =
                deadLetters.apply("ToJsonLines", ParDo.of(new ToJsonFn())).setCoder(StringUtf8Coder.of());
        if (WindowFolder.isWindowed(deadLetters)) {
            return lines.apply(
                    "WriteJsonLines",
                    FileIO.<String>write()
                            .via(TextIO.sink())
                            .to(directory)
                            .withNaming(WindowFolder.single(FOLDER + "/" + FILE + "-00000-of-00001", ".jsonl"))
                            .withNumShards(1));
        }
        return lines.apply(
                "WriteJsonLines",
                TextIO.write()
                        .to(directory + FOLDER + "/" + FILE)
                        .withSuffix(".jsonl")
                        .withNumShards(1)
                        .withOutputFilenames());
    }

    static final class ToJsonFn extends DoFn<DeadLetter, String> {
        private final Counter written = Metrics.counter(WriteDeadLetters.class, "deadLetters");
        private transient ObjectMapper mapper;

        @Setup
        public void setup() {
            mapper = new ObjectMapper();
        }

        @ProcessElement
        public void process(@Element DeadLetter deadLetter, OutputReceiver<String> out) throws JsonProcessingException {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("source_file", deadLetter.getSourceFile());
            json.put("record_number", deadLetter.getRecordNumber());
            json.put("stage", deadLetter.getStage());
            json.put("category", deadLetter.getCategory());
            json.put("reason", deadLetter.getReason());
            json.put("payload", deadLetter.getPayload());
            json.put("payload_truncated", deadLetter.getPayloadTruncated());
            written.inc();
            out.output(mapper.writeValueAsString(json));
        }
    }
}
