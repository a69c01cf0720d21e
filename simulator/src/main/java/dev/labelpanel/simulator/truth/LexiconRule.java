package dev.labelpanel.simulator.truth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The fallback truth for text without a gold label: text containing any term of the sexual-content lexicon (bundled
 * resource {@code sexual-lexicon.txt}, one lower-case term or phrase per line, {@code #} comments) as a whole word,
 * case-insensitively, gets the positive label; any other text gets the default label. Deliberately simple and
 * documented, so that simulated "truth" on unlabeled pools is reproducible and explainable, not accurate.
 */
public final class LexiconRule {
    static final String RESOURCE = "sexual-lexicon.txt";

    private final Pattern pattern;
    private final int termCount;

    private LexiconRule(List<String> terms) {
        this.termCount = terms.size();
        String alternation = terms.stream().map(Pattern::quote).collect(Collectors.joining("|"));
        this.pattern = Pattern.compile(
                "(?<![\\p{L}\\p{N}])(?:" + alternation + ")(?![\\p{L}\\p{N}])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /** The rule with the bundled lexicon. */
    public static LexiconRule bundled() {
        try (InputStream in = LexiconRule.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Resource " + RESOURCE + " is missing from the simulator jar");
            }
            return of(read(in));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    /** The rule with the given terms (tests). */
    public static LexiconRule of(List<String> terms) {
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("The lexicon needs at least one term");
        }
        return new LexiconRule(terms);
    }

    private static List<String> read(InputStream in) throws IOException {
        List<String> terms = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            String term = line.strip().toLowerCase(Locale.ROOT);
            if (!term.isEmpty() && !term.startsWith("#")) {
                terms.add(term);
            }
        }
        return terms;
    }

    /** True if {@code text} contains a lexicon term as a whole word. */
    public boolean flags(String text) {
        return pattern.matcher(text).find();
    }

    public int termCount() {
        return termCount;
    }
}
