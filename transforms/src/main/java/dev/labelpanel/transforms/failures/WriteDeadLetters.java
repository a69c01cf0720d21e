package dev.labelpanel.transforms.failures;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labelpanel.schemas.DeadLetter;
import dev.labelpanel.transforms.Arguments;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/** Writes every dead letter as one JSON object per line to {@code <dir>/dead-letters-00000-of-00001.jsonl}. */
public final class WriteDeadLetters extends PTransform<PCollection<DeadLetter>, PDone> {
  private static final long serialVersionUID = 1L;

  private final String directory;

  private WriteDeadLetters(String directory) {
    this.directory = directory;
  }

  public static WriteDeadLetters to(String directory) {
    Arguments.check(directory != null && !directory.isBlank(), "the dead-letter directory must be set");
    return new WriteDeadLetters(directory);
  }

  @Override
  public PDone expand(PCollection<DeadLetter> deadLetters) {
    String prefix = directory.endsWith("/") ? directory + "dead-letters" : directory + "/dead-letters";
    return deadLetters
        .apply("ToJsonLines", ParDo.of(new ToJsonFn()))
        .setCoder(StringUtf8Coder.of())
        .apply("WriteJsonLines", TextIO.write().to(prefix).withSuffix(".jsonl").withNumShards(1));
  }

  static final class ToJsonFn extends DoFn<DeadLetter, String> {
    private final Counter written = Metrics.counter(WriteDeadLetters.class, "deadLetters");
    private transient ObjectMapper mapper;

    @Setup
    public void setup() {
      mapper = new ObjectMapper();
    }

    @ProcessElement
    public void process(@Element DeadLetter deadLetter, OutputReceiver<String> out)
        throws JsonProcessingException {
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
