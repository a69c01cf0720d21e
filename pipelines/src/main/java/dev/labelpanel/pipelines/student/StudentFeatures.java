package dev.labelpanel.pipelines.student;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

/**
 * The student's features, in the fastText tradition: word unigrams and bigrams and character 3- to 5-grams of the
 * lower-cased NFKC text, each hashed into {@value #BUCKETS} buckets per namespace. An utterance has one namespace
 * ({@code t}, plus its speaker's role); a context item has the reply ({@code r}) and its context turns ({@code c})
 * apart, so a word in the user's question and the same word in the bot's answer are different features. Values are
 * counts scaled to unit length per namespace. The hash is FNV-1a over the characters: the same on every JVM.
 */
public final class StudentFeatures {
    /** Hash buckets per namespace and n-gram kind. */
    public static final int BUCKETS = 1 << 18;
    /** Bumped when the features change, so a model file says which features it was trained on. */
    public static final int VERSION = 1;

    private StudentFeatures() {}

    /** An example for {@code label} (unknown label for prediction) with weight {@code weight}. */
    public static ArrayExample<Label> example(
            Label label, float weight, String role, String text, List<String> contextTurns) {
        Map<String, Double> features = new HashMap<>();
        if (contextTurns == null) {
            add(features, "t", text);
            features.put("role=" + role, 1.0);
        } else {
            add(features, "r", text);
            add(features, "c", String.join("\n", contextTurns));
        }
        String[] names = new String[features.size()];
        double[] values = new double[features.size()];
        int i = 0;
        for (Map.Entry<String, Double> e : features.entrySet()) {
            names[i] = e.getKey();
            values[i++] = e.getValue();
        }
        ArrayExample<Label> example = new ArrayExample<>(label, names, values, Map.of());
        example.setWeight(weight);
        return example;
    }

    private static void add(Map<String, Double> features, String namespace, String text) {
        Map<String, Double> counts = new HashMap<>();
        String normal = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFKC)
                .toLowerCase(Locale.ROOT);
        String[] words = normal.split("[^\\p{L}\\p{N}']+");
        String previous = null;
        for (String word : words) {
            if (word.isEmpty()) {
                continue;
            }
            count(counts, namespace + ":w:", word);
            if (previous != null) {
                count(counts, namespace + ":b:", previous + ' ' + word);
            }
            previous = word;
            String padded = '<' + word + '>';
            for (int n = 3; n <= 5; n++) {
                for (int start = 0; start + n <= padded.length(); start++) {
                    count(counts, namespace + ":c:", padded.substring(start, start + n));
                }
            }
        }
        double norm = 0;
        for (double c : counts.values()) {
            norm += c * c;
        }
        double scale = norm == 0 ? 0 : 1 / Math.sqrt(norm);
        counts.forEach((name, c) -> features.merge(name, c * scale, Double::sum));
    }

    private static void count(Map<String, Double> counts, String prefix, String gram) {
        counts.merge(prefix + bucket(gram), 1.0, Double::sum);
    }

    static int bucket(String gram) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < gram.length(); i++) {
            hash ^= gram.charAt(i);
            hash *= 0x100000001b3L;
        }
        return (int) Long.remainderUnsigned(hash, BUCKETS);
    }
}
