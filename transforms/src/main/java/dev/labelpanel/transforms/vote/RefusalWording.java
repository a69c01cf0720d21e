package dev.labelpanel.transforms.vote;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Recognises the wording models use to decline a request: "I can't help with that", "I'm sorry, but I cannot …",
 * "I apologize, but I am not able to …", "As an AI …", "I won't …", "I must decline", "against my guidelines".
 * A bare apology ("I'm sorry, but this is NSFW") is not a refusal; it needs a word of inability after it.
 */
final class RefusalWording {
    private static final String INABILITY =
            "(?:can't|cannot|can not|won't|will not|unable|not able|must decline|must refuse|not comfortable"
                    + "|not appropriate for me|not going to)";
    private static final String ACTION =
            "(?:help|assist|comply|provide|classify|label|engage|do|fulfil|fulfill|process|participate|evaluate"
                    + "|categori[sz]e|support|continue|answer|complete|review|analy[sz]e|rate|judge|make|generate|respond"
                    + "|share|discuss|with|that|this|you|your|on)";
    private static final Pattern REFUSAL = Pattern.compile(
            String.join(
                    "|",
                    "\\bas an ai\\b",
                    "\\b(?:sorry|afraid|apologi[sz]e)\\b[^.!?\\n]*\\b" + INABILITY,
                    "\\bi (?:can't|cannot|can not|won't|will not|(?:am|'m) (?:unable|not able) to|(?:am|'m) not going to)"
                            + " " + ACTION + "\\b",
                    "\\bi (?:can't|cannot|won't|will not)\\s*(?:[.!]|$)",
                    "\\bi must (?:decline|refuse)\\b",
                    "\\bi(?:'m| am) not comfortable\\b",
                    "\\bi (?:do not|don't) feel comfortable\\b",
                    "\\b(?:against|violates?) (?:my|the|our|openai's) (?:guidelines|policies|policy|content polic(?:y|ies)"
                            + "|usage polic(?:y|ies))"),
            Pattern.MULTILINE);

    private RefusalWording() {}

    /** Whether {@code cleanedAnswer} (see {@link AnswerText#clean}) declines the request. */
    static boolean isRefusal(String cleanedAnswer) {
        return REFUSAL.matcher(cleanedAnswer.toLowerCase(Locale.ROOT)).find();
    }
}
