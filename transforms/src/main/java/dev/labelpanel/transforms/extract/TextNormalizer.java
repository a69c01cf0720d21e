package dev.labelpanel.transforms.extract;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one definition of "the same text" in labelpanel: Unicode NFC, every run of whitespace collapsed to one
 * space, trimmed; optionally case-folded. Item ids and dedup keys are computed on this form.
 */
public final class TextNormalizer {
    private static final Pattern WHITESPACE = Pattern.compile("[\\s\\p{Z}\\u200B\\uFEFF]+");

    private TextNormalizer() {}

    public static String normalize(String text) {
        String nfc = Normalizer.normalize(text, Normalizer.Form.NFC);
        return WHITESPACE.matcher(nfc).replaceAll(" ").trim();
    }

    /** {@link #normalize}, then lower case by Unicode rules independent of the machine's locale. */
    public static String normalizeFolded(String text) {
        return normalize(text).toLowerCase(Locale.ROOT);
    }
}
