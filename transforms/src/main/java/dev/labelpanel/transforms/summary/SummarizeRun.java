package dev.labelpanel.transforms.summary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.labelpanel.transforms.output.WindowFolder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * Sums every stage's run counts into one JSON document: each count path {@code a/b/c} becomes nested objects
 * ({@link SummaryKey#parts})
 * {@code {"a": {"b": {"c": n}}}}, keys sorted. With no counts at all it gives {@code {}}. A windowed collection
 * (watch mode) gets one summary per window that has counts.
 */
public final class SummarizeRun extends PTransform<PCollectionList<KV<String, Long>>, PCollection<String>> {
    private static final long serialVersionUID = 1L;

    public static SummarizeRun create() {
        return new SummarizeRun();
    }

    @Override
    public PCollection<String> expand(PCollectionList<KV<String, Long>> counts) {
        PCollection<KV<String, Long>> all =
                counts.apply("FlattenCounts", Flatten.pCollections()).setCoder(RunCounts.coder());
        Combine.Globally<KV<String, Long>, String> sum = Combine.globally(new ToJsonFn());
        if (WindowFolder.isWindowed(all)) {
            sum = sum.withoutDefaults();
        }
        return all.apply("SumCounts", sum).setCoder(StringUtf8Coder.of());
    }

    /** Sums counts per path and renders them as nested JSON. */
    static final class ToJsonFn extends Combine.CombineFn<KV<String, Long>, Map<String, Long>, String> {
        @Override
        public Map<String, Long> createAccumulator() {
            return new HashMap<>();
        }

        @Override
        public Map<String, Long> addInput(Map<String, Long> sums, KV<String, Long> count) {
            sums.merge(count.getKey(), count.getValue(), Long::sum);
            return sums;
        }

        @Override
        public Map<String, Long> mergeAccumulators(Iterable<Map<String, Long>> accumulators) {
            Map<String, Long> merged = new HashMap<>();
            for (Map<String, Long> sums : accumulators) {
                sums.forEach((path, n) -> merged.merge(path, n, Long::sum));
            }
            return merged;
        }

        @Override
        public String extractOutput(Map<String, Long> sums) {
            Map<String, Object> root = new TreeMap<>();
            new TreeMap<>(sums).forEach((path, n) -> put(root, SummaryKey.parts(path), n));
            try {
                return new ObjectMapper()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(root);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a tree of maps and numbers always renders", e);
            }
        }

        @SuppressWarnings("unchecked")
        private static void put(Map<String, Object> root, List<String> path, long n) {
            Map<String, Object> node = root;
            for (int i = 0; i < path.size() - 1; i++) {
                Object child = node.computeIfAbsent(path.get(i), k -> new TreeMap<String, Object>());
                if (!(child instanceof Map)) {
                    // A path is both a count and a parent: keep the count under "total".
                    Map<String, Object> parent = new TreeMap<>();
                    parent.put("total", child);
                    node.put(path.get(i), parent);
                    child = parent;
                }
                node = (Map<String, Object>) child;
            }
            String leaf = path.get(path.size() - 1);
            Object existing = node.get(leaf);
            if (existing instanceof Map) {
                ((Map<String, Object>) existing).put("total", n);
            } else {
                node.put(leaf, n);
            }
        }

        @Override
        public Coder<Map<String, Long>> getAccumulatorCoder(
                CoderRegistry registry, Coder<KV<String, Long>> inputCoder) {
            return MapCoder.of(StringUtf8Coder.of(), VarLongCoder.of());
        }
    }
}
