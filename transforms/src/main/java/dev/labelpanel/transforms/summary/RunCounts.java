package dev.labelpanel.transforms.summary;

import dev.labelpanel.transforms.StageResult;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Run counts are data, not metrics: each stage emits {@code KV<path, n>} elements (the path of a {@link SummaryKey},
 * such as {@code items/utterance/duplicates}) that {@link SummarizeRun} sums into the run summary. Counting from the
 * data itself makes the summary exact on every runner, even when bundles are retried, which metrics don't promise.
 *
 * <p>A stage that counts returns its output with its counts ({@link Counted}, the shape of Beam's
 * {@code WithFailures.Result}); the pipeline hands each to one {@link Collector}, which gives all counts to
 * {@link SummarizeRun} at the end.
 */
public final class RunCounts {
    private RunCounts() {}

    public static Coder<KV<String, Long>> coder() {
        return KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of());
    }

    /** Counts each element once under the key {@code keyOf} gives it. */
    public static <T> PTransform<PCollection<T>, PCollection<KV<String, Long>>> countEach(
            SerializableFunction<T, SummaryKey> keyOf) {
        return weighEach(keyOf, t -> 1L);
    }

    /** Adds {@code weightOf(element)} under the key {@code keyOf} gives it. */
    public static <T> PTransform<PCollection<T>, PCollection<KV<String, Long>>> weighEach(
            SerializableFunction<T, SummaryKey> keyOf, SerializableFunction<T, Long> weightOf) {
        return new WeighEach<>(keyOf, weightOf);
    }

    /** Collects the counts of a pipeline's stages, for one {@link SummarizeRun}. */
    public static Collector collector(Pipeline pipeline) {
        return new Collector(pipeline);
    }

    private static final class WeighEach<T> extends PTransform<PCollection<T>, PCollection<KV<String, Long>>> {
        private final SerializableFunction<T, SummaryKey> keyOf;
        private final SerializableFunction<T, Long> weightOf;

        WeighEach(SerializableFunction<T, SummaryKey> keyOf, SerializableFunction<T, Long> weightOf) {
            this.keyOf = keyOf;
            this.weightOf = weightOf;
        }

        @Override
        public PCollection<KV<String, Long>> expand(PCollection<T> input) {
            SerializableFunction<T, SummaryKey> key = keyOf;
            SerializableFunction<T, Long> weight = weightOf;
            return input.apply(
                            "ToCount",
                            MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
                                    .via((T t) -> key.apply(t).count(weight.apply(t))))
                    .setCoder(coder());
        }
    }

    /**
     * The run counts of a pipeline's stages, gathered as the pipeline is built: each counted stage's result is
     * added here (its output comes back for the next stage) and {@link #all()} goes to {@link SummarizeRun} once.
     */
    public static final class Collector {
        private PCollectionList<KV<String, Long>> counts;

        private Collector(Pipeline pipeline) {
            this.counts = PCollectionList.empty(pipeline);
        }

        /** Keeps {@code stage}'s counts and gives its output. */
        public <T> PCollection<T> add(Counted<T> stage) {
            add(stage.getCounts());
            return stage.getOutput();
        }

        /** Keeps these counts. */
        public void add(PCollection<KV<String, Long>> stageCounts) {
            counts = counts.and(stageCounts);
        }

        /** Every count added, in the order added. */
        public PCollectionList<KV<String, Long>> all() {
            return counts;
        }
    }

    /** A stage's main output together with the run counts it emitted. */
    public static final class Counted<T> extends StageResult {
        private final PCollection<T> output;
        private final PCollection<KV<String, Long>> counts;

        private Counted(PCollection<T> output, PCollection<KV<String, Long>> counts) {
            super(output.getPipeline(), Map.of("output", output, "counts", counts));
            this.output = output;
            this.counts = counts;
        }

        public static <T> Counted<T> of(PCollection<T> output, PCollection<KV<String, Long>> counts) {
            return new Counted<>(output, counts);
        }

        public PCollection<T> getOutput() {
            return output;
        }

        public PCollection<KV<String, Long>> getCounts() {
            return counts;
        }
    }
}
