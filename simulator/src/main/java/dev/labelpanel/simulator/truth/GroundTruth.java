package dev.labelpanel.simulator.truth;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labelpanel.simulator.profile.LabelSet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The true label of any item. Lookup order: a gold entry for the (context, text) pair, then a gold entry for the text
 * alone, then the {@link LexiconRule}. Gold files are JSON Lines of {@code {"text": .., "label": .., "context": ..}}
 * ({@code context} optional, rendered as the pipeline renders it); keys are {@link TextNormalizer normalized}.
 */
public final class GroundTruth {
    private static final Logger LOG = LoggerFactory.getLogger(GroundTruth.class);
    private static final ObjectMapper JSON =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final char CONTEXT_SEPARATOR = '\u0001';

    private final Map<String, String> gold;
    private final LexiconRule lexicon;
    private final LabelSet labels;

    private GroundTruth(Map<String, String> gold, LexiconRule lexicon, LabelSet labels) {
        this.gold = gold;
        this.lexicon = lexicon;
        this.labels = labels;
    }

    /** Loads the gold files; a bad line or an unknown label fails with the file and line number. */
    public static GroundTruth load(List<Path> files, LabelSet labels, LexiconRule lexicon) {
        Map<String, String> gold = new HashMap<>();
        for (Path file : files) {
            int entries = read(file, labels, gold);
            LOG.info("Loaded {} ground-truth entries from {}", entries, file);
        }
        return new GroundTruth(gold, lexicon, labels);
    }

    private static int read(Path file, LabelSet labels, Map<String, String> gold) {
        int lineNumber = 0;
        int entries = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                GoldEntry entry = parse(file, lineNumber, line);
                if (entry.text() == null || !labels.contains(entry.label())) {
                    throw new IllegalArgumentException(file + ":" + lineNumber + ": needs \"text\" and a \"label\" in "
                            + labels.names() + " but has label " + entry.label());
                }
                gold.put(key(entry.context(), entry.text()), entry.label());
                entries++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read ground-truth file " + file, e);
        }
        return entries;
    }

    private static GoldEntry parse(Path file, int lineNumber, String line) {
        try {
            return JSON.readValue(line, GoldEntry.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    file + ":" + lineNumber + ": not a JSON object with text, label and optional context: "
                            + e.getMessage(),
                    e);
        }
    }

    private static String key(String context, String text) {
        String normalized = TextNormalizer.normalize(text);
        return context == null ? normalized : TextNormalizer.normalize(context) + CONTEXT_SEPARATOR + normalized;
    }

    /** The true label of {@code text}, judged after {@code context} (null for a lone utterance). */
    public Truth lookup(String text, String context) {
        if (context != null) {
            String label = gold.get(key(context, text));
            if (label != null) {
                return new Truth(label, TruthSource.GOLD_WITH_CONTEXT);
            }
        }
        String label = gold.get(key(null, text));
        if (label != null) {
            return new Truth(label, TruthSource.GOLD_TEXT);
        }
        return new Truth(lexicon.flags(text) ? labels.positive() : labels.fallback(), TruthSource.LEXICON);
    }

    /** Number of gold entries. */
    public int size() {
        return gold.size();
    }

    private record GoldEntry(
            @JsonProperty("text") String text,
            @JsonProperty("label") String label,
            @JsonProperty("context") String context) {}
}
