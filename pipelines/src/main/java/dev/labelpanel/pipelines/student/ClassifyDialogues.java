package dev.labelpanel.pipelines.student;

import dev.labelpanel.pipelines.config.ConfigException;
import dev.labelpanel.schemas.Item;
import dev.labelpanel.transforms.extract.ExtractItems;
import dev.labelpanel.transforms.extract.Granularity;
import dev.labelpanel.transforms.failures.WriteDeadLetters;
import dev.labelpanel.transforms.output.ParquetCompression;
import dev.labelpanel.transforms.output.ParquetSink;
import dev.labelpanel.transforms.read.ReadDialogues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * {@code labelpanel classify}: reads dialogues with the same reader as {@code run} (same formats, same dead
 * letters), splits them into items the same way, and writes each item with the student's label and probability to
 * {@code OUT/<granularity>/predictions-*.parquet}; records that cannot be read go to
 * {@code OUT/dead-letter/}. Items are not deduplicated: every item of the input gets a row.
 */
public final class ClassifyDialogues {
    public static final String PREFIX = "predictions";

    private ClassifyDialogues() {}

    /**
     * What a classify run wrote, counted from its output files; {@code seconds} is the job's wall time,
     * {@code predictSeconds} the CPU time spent in feature extraction and prediction alone.
     */
    public record Outcome(
            Map<String, Long> itemsPerGranularity, long deadLetters, double seconds, double predictSeconds) {
        public long items() {
            return itemsPerGranularity.values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    /**
     * The students in {@code model}: the folder of one granularity ({@code OUT_DIR/student/utterance}), a student
     * folder ({@code OUT_DIR/student}) or an output folder ({@code OUT_DIR}), by granularity.
     */
    public static Map<Granularity, Path> models(Path model) {
        if (Files.isRegularFile(model.resolve(StudentModel.META_FILE))) {
            try {
                return Map.of(Granularity.parse(StudentModel.load(model).granularity()), model);
            } catch (IOException e) {
                throw new ConfigException("cannot read the student in " + model + ": " + e.getMessage());
            }
        }
        Map<Granularity, Path> found = new LinkedHashMap<>();
        for (Path base : List.of(model, model.resolve(TrainStudents.FOLDER))) {
            for (Granularity g : Granularity.values()) {
                Path dir = base.resolve(g.wireName());
                if (Files.isRegularFile(dir.resolve(StudentModel.META_FILE)) && !found.containsKey(g)) {
                    found.put(g, dir);
                }
            }
        }
        if (found.isEmpty()) {
            throw new ConfigException("no student model in " + model + ": pass OUT_DIR/student (or one granularity's "
                    + "folder in it) after labelpanel train OUT_DIR");
        }
        return found;
    }

    /** Reads with {@code read} (as {@code run} would, see LabelPanelPipeline.readDialogues) and classifies. */
    public static Outcome run(ReadDialogues read, Path model, Path out) throws IOException {
        Map<Granularity, Path> models = models(model);
        int contextTurns = models.containsKey(Granularity.CONTEXT)
                ? StudentModel.load(models.get(Granularity.CONTEXT)).contextTurns()
                : 1;
        Pipeline p = Pipeline.create(
                PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
        ReadDialogues.Result dialogues = p.apply("ReadDialogues", read);
        PCollection<Item> items = dialogues
                .getDialogues()
                .apply(
                        "ExtractItems",
                        ExtractItems.create()
                                .withContextTurns(contextTurns)
                                .withGranularities(EnumSet.copyOf(models.keySet())))
                .getOutput();
        String outDir = out.toAbsolutePath().toString();
        models.forEach((g, dir) -> {
            String name = g.wireName();
            items.apply(
                            "Only" + name,
                            Filter.by((Item i) -> name.equals(i.getGranularity().toString())))
                    .apply(
                            "Predict" + name,
                            ParDo.of(new PredictItemsFn(dir.toAbsolutePath().toString())))
                    .setCoder(AvroCoder.of(PredictItemsFn.SCHEMA))
                    .apply(
                            "Write" + name,
                            FileIO.<GenericRecord>write()
                                    .via(ParquetSink.<GenericRecord>of(
                                            PredictItemsFn.SCHEMA, ParquetCompression.SNAPPY))
                                    .to(outDir + "/" + name)
                                    .withPrefix(PREFIX)
                                    .withSuffix(".parquet")
                                    .withNumShards(1));
        });
        dialogues.getFailures().apply("WriteDeadLetters", WriteDeadLetters.to(outDir));
        long start = System.nanoTime();
        PipelineResult result = p.run();
        PipelineResult.State state = result.waitUntilFinish();
        double seconds = (System.nanoTime() - start) / 1e9;
        long predictNanos = 0;
        for (MetricResult<Long> c : result.metrics()
                .queryMetrics(MetricsFilter.builder()
                        .addNameFilter(MetricNameFilter.named(PredictItemsFn.class, PredictItemsFn.PREDICT_NANOS))
                        .build())
                .getCounters()) {
            predictNanos += c.getAttempted();
        }
        if (state != PipelineResult.State.DONE) {
            throw new IllegalStateException("the classify job ended " + state);
        }
        Map<String, Long> perGranularity = new LinkedHashMap<>();
        for (Granularity g : models.keySet()) {
            perGranularity.put(g.wireName(), PredictionFiles.rows(out.resolve(g.wireName())));
        }
        return new Outcome(perGranularity, deadLetterLines(out), seconds, predictNanos / 1e9);
    }

    private static long deadLetterLines(Path out) throws IOException {
        Path dir = out.resolve(WriteDeadLetters.FOLDER);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long lines = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
                try (Stream<String> l = Files.lines(f)) {
                    lines += l.filter(s -> !s.isBlank()).count();
                }
            }
        }
        return lines;
    }
}
