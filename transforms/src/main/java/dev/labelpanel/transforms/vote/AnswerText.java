package dev.labelpanel.transforms.vote;

import java.util.regex.Pattern;

/**
 * Cleans a model's answer before it is read: drops reasoning blocks ({@code <think>…</think>}), code-fence lines and
 * markdown emphasis, and straightens typographic quotes and apostrophes. Line breaks are kept.
 */
final class AnswerText {
    private static final Pattern THINK = Pattern.compile("(?is)<think>.*?(?:</think>|\\z)");
    private static final Pattern FENCE = Pattern.compile("(?m)^[ \\t]*```[\\w-]*[ \\t]*$");
    private static final Pattern EMPHASIS = Pattern.compile("\\*+|__|`+|(?m)^[ \\t]*#+[ \\t]*");

    private AnswerText() {}

    static boolean isBlank(String answer) {
        return answer == null || answer.isBlank();
    }

    static String clean(String answer) {
        String text = THINK.matcher(answer).replaceAll("");
        text = FENCE.matcher(text).replaceAll("");
        text = EMPHASIS.matcher(text).replaceAll("");
        return text.replace('\u2018', '\'')
                .replace('\u2019', '\'')
                .replace('\u201C', '"')
                .replace('\u201D', '"')
                .replace('\u00A0', ' ')
                .strip();
    }

    /** The text without leading/trailing characters that are neither letters nor digits: {@code "**SFW.**"} → SFW. */
    static String core(String text) {
        return text.replaceAll("^[^\\p{L}\\p{N}]+", "").replaceAll("[^\\p{L}\\p{N}]+$", "");
    }
}
