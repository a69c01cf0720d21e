package dev.labelpanel.pipelines.student;

import dev.labelpanel.schemas.Item;
import dev.labelpanel.schemas.Turn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;

/** Predicts each item with the student in a model folder, as one row of {@link #SCHEMA}. */
final class PredictItemsFn extends DoFn<Item, GenericRecord> {
    /** A row of {@code labelpanel classify}'s Parquet output. */
    static final Schema SCHEMA = SchemaBuilder.record("StudentPrediction")
            .namespace("dev.labelpanel.student")
            .doc("One item of labelpanel classify: where it comes from, its text, and the student's label.")
            .fields()
            .requiredString("item_id")
            .requiredString("dialogue_id")
            .requiredString("granularity")
            .requiredString("role")
            .requiredString("text")
            .name("context")
            .type()
            .nullable()
            .array()
            .items()
            .stringType()
            .noDefault()
            .requiredInt("turn_index")
            .requiredString("source_file")
            .requiredLong("record_number")
            .requiredString("predicted_label")
            .requiredDouble("probability")
            .endRecord();

    /**
     * Loaded students per JVM, keyed by model folder: a model is read once however many instances of this DoFn a
     * runner makes. Students are immutable after loading and Tribuo's predict is thread-safe.
     */
    private static final ConcurrentMap<String, StudentModel> MODELS = new ConcurrentHashMap<>();

    private final String modelDir;
    /** CPU time of this thread spent on features and prediction: items/s per core even on a busy machine. */
    static final String PREDICT_NANOS = "predictCpuNanos";

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private final Counter predictNanos = Metrics.counter(PredictItemsFn.class, PREDICT_NANOS);
    private final Counter classified = Metrics.counter(PredictItemsFn.class, "itemsClassified");
    private transient StudentModel model;

    PredictItemsFn(String modelDir) {
        this.modelDir = modelDir;
    }

    @Setup
    public void setup() {
        model = MODELS.computeIfAbsent(modelDir, dir -> {
            try {
                return StudentModel.load(Path.of(dir));
            } catch (IOException e) {
                throw new UncheckedIOException("loading the student in " + dir, e);
            }
        });
    }

    @ProcessElement
    public void process(@Element Item item, OutputReceiver<GenericRecord> out) {
        long start = CPU.getCurrentThreadCpuTime();
        List<String> context = null;
        if (item.getContext() != null) {
            context = new ArrayList<>();
            for (Turn t : item.getContext()) {
                context.add(t.getText().toString());
            }
        }
        String text = item.getText().toString();
        StudentModel.Predicted p = model.predict(item.getRole().toString(), text, context);
        GenericRecord r = new GenericData.Record(SCHEMA);
        r.put("item_id", item.getItemId().toString());
        r.put("dialogue_id", item.getDialogueId().toString());
        r.put("granularity", item.getGranularity().toString());
        r.put("role", item.getRole().toString());
        r.put("text", text);
        r.put("context", context);
        r.put("turn_index", item.getTurnIndex());
        r.put("source_file", item.getSourceFile().toString());
        r.put("record_number", item.getRecordNumber());
        r.put("predicted_label", p.label());
        r.put("probability", p.probability());
        predictNanos.inc(CPU.getCurrentThreadCpuTime() - start);
        out.output(r);
        classified.inc();
    }
}
