package dev.labelpanel.simulator.profile;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The prompt templates the pipeline sends, used to find the item's text (and context) in a request. Placeholders:
 * {@code {text}}, {@code {context}}, {@code {labels}}, {@code {label_names}}. Omitted templates take the pipeline's defaults.
 */
public record PromptTemplates(
        @JsonProperty("utterance") String utterance,
        @JsonProperty("context") String context,
        @JsonProperty("critique") String critique) {

    public static final String DEFAULT_UTTERANCE =
            "Classify the following text from a human–chatbot conversation into exactly one of these labels:\n"
                    + "{labels}\n\nText:\n<<<\n{text}\n>>>\n\nAnswer with the label name only.";

    public static final String DEFAULT_CONTEXT =
            "Classify the bot's reply in the following human–chatbot exchange into exactly one of these labels, judging the"
                    + " reply in the light of the conversation before it:\n{labels}\n\nConversation:\n<<<\n{context}\n>>>\n\n"
                    + "Bot reply:\n<<<\n{text}\n>>>\n\nAnswer with the label name only.";

    public static final String DEFAULT_CRITIQUE =
            "Re-read the text and your answer above. Was your answer wrong? Explain briefly, then end with one line of the"
                    + " form \"Final label: <label>\", where <label> is one of: {label_names}.";

    public PromptTemplates {
        utterance = utterance == null ? DEFAULT_UTTERANCE : utterance;
        context = context == null ? DEFAULT_CONTEXT : context;
        critique = critique == null ? DEFAULT_CRITIQUE : critique;
    }

    public static PromptTemplates defaults() {
        return new PromptTemplates(null, null, null);
    }

    void validate(String field) {
        requirePlaceholder(field + ".utterance", utterance, "{text}");
        requirePlaceholder(field + ".context", context, "{text}");
        requirePlaceholder(field + ".context", context, "{context}");
    }

    private static void requirePlaceholder(String field, String template, String placeholder) {
        if (!template.contains(placeholder)) {
            throw new ProfileException(field + " must contain the placeholder " + placeholder + " but is: " + template);
        }
    }
}
