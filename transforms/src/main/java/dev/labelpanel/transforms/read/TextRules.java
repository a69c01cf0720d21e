package dev.labelpanel.transforms.read;

import dev.labelpanel.transforms.Arguments;
import dev.labelpanel.transforms.failures.FailureCategory;
import dev.labelpanel.transforms.failures.InvalidRecordException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/** What a turn's text must be: present, not blank, well-formed Unicode, and at most a maximum size in UTF-8 bytes. */
public final class TextRules implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Default maximum text size: 32 KiB of UTF-8. */
    public static final int DEFAULT_MAX_TEXT_BYTES = 32 * 1024;

    private final int maxTextBytes;

    private TextRules(int maxTextBytes) {
        Arguments.check(maxTextBytes >= 1, "max_text_bytes must be at least 1 but was %s", maxTextBytes);
        this.maxTextBytes = maxTextBytes;
    }

    public static TextRules withMaxTextBytes(int maxTextBytes) {
        return new TextRules(maxTextBytes);
    }

    public int maxTextBytes() {
        return maxTextBytes;
    }

    /** Returns {@code text} when it is acceptable; {@code where} names the field for the error message. */
    public String check(String text, String where) throws InvalidRecordException {
        if (text == null) {
            throw new InvalidRecordException(FailureCategory.MISSING_TEXT, where + " is missing");
        }
        if (text.isBlank()) {
            throw new InvalidRecordException(FailureCategory.MISSING_TEXT, where + " is empty");
        }
        int surrogate = unpairedSurrogateAt(text);
        if (surrogate >= 0) {
            throw new InvalidRecordException(
                    FailureCategory.INVALID_UTF8,
                    String.format(
                            "%s holds an unpaired surrogate U+%04X at character %d, which is not valid Unicode",
                            where, (int) text.charAt(surrogate), surrogate));
        }
        int bytes = utf8Length(text);
        if (bytes > maxTextBytes) {
            throw new InvalidRecordException(
                    FailureCategory.TEXT_TOO_LONG,
                    String.format(
                            "%s is %d bytes of UTF-8, over the maximum of %d (raise input.max_text_bytes to accept it)",
                            where, bytes, maxTextBytes));
        }
        return text;
    }

    private static int unpairedSurrogateAt(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** The UTF-8 size of {@code text}, or a lower bound when that alone proves it within the maximum. */
    private int utf8Length(String text) {
        // A char is at most 3 bytes of UTF-8 (a surrogate pair, 2 chars, is 4), so short texts need no encoding.
        if ((long) text.length() * 3 <= maxTextBytes) {
            return text.length();
        }
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
