package dev.labelpanel.simulator.truth;

import java.text.Normalizer;
import java.util.regex.Pattern;

/** The key under which ground truth is stored and looked up: Unicode NFC, whitespace runs collapsed to one space, trimmed. */
public final class TextNormalizer {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    private TextNormalizer() {}

    public static String normalize(String text) {
        return WHITESPACE
                .matcher(Normalizer.normalize(text, Normalizer.Form.NFC))
                .replaceAll(" ")
                .trim();
    }
}
