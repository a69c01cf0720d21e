package dev.labelpanel.transforms.prompt;

import dev.labelpanel.schemas.Turn;
import dev.labelpanel.transforms.Arguments;
import dev.labelpanel.transforms.extract.Granularity;
import dev.labelpanel.transforms.llm.ChatMessage;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The prompts sent to the panel: one template per item granularity, the self-criticism follow-up, and an optional
 * system prompt. The default texts are the same as the simulator's, so the simulator recognises our requests.
 */
public final class Prompts implements Serializable {
    private static final long serialVersionUID = 1L;

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

    private final PromptTemplate utterance;
    private final PromptTemplate context;
    private final PromptTemplate critique;
    private final String systemPrompt;

    private Prompts(PromptTemplate utterance, PromptTemplate context, PromptTemplate critique, String systemPrompt) {
        this.utterance = utterance;
        this.context = context;
        this.critique = critique;
        this.systemPrompt = systemPrompt == null || systemPrompt.isBlank() ? null : systemPrompt;
    }

    /** The default templates (the simulator's) and no system prompt. */
    public static Prompts defaults() {
        return of(DEFAULT_UTTERANCE, DEFAULT_CONTEXT, DEFAULT_CRITIQUE, null);
    }

    /**
     * Prompts from config texts, checked and named {@code prompts.utterance}, {@code prompts.context} and
     * {@code prompts.critique}; a null or blank {@code systemPrompt} means none.
     */
    public static Prompts of(String utterance, String context, String critique, String systemPrompt) {
        return new Prompts(
                PromptTemplate.forUtterance("prompts.utterance", utterance),
                PromptTemplate.forContext("prompts.context", context),
                PromptTemplate.forCritique("prompts.critique", critique),
                systemPrompt);
    }

    public Prompts withSystemPrompt(String systemPrompt) {
        return new Prompts(utterance, context, critique, systemPrompt);
    }

    /**
     * The first request about an item: [system] + user(prompt). {@code granularity} is {@code utterance} or
     * {@code context}; {@code turns} are the turns before the item (required for {@code context}, may be null for an
     * utterance).
     */
    public List<ChatMessage> itemPrompt(String granularity, String text, List<Turn> turns, LabelSet labels) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(labels, "labels");
        Granularity kind = Granularity.parse(granularity);
        Arguments.check(
                kind != Granularity.CONTEXT || turns != null,
                "a context item needs the turns before it, but the context was null");
        PromptTemplate template = kind == Granularity.CONTEXT ? context : utterance;
        Map<String, String> values = Map.of(
                PromptTemplate.TEXT, text,
                PromptTemplate.CONTEXT, renderContext(turns == null ? List.of() : turns),
                PromptTemplate.LABELS, renderLabels(labels),
                PromptTemplate.LABEL_NAMES, renderLabelNames(labels));
        List<ChatMessage> messages = new ArrayList<>(2);
        if (systemPrompt != null) {
            messages.add(ChatMessage.system(systemPrompt));
        }
        messages.add(ChatMessage.user(template.render(values)));
        return List.copyOf(messages);
    }

    /** The self-criticism follow-up: the item prompt, the model's previous answer, then the critique request. */
    public List<ChatMessage> critiquePrompt(List<ChatMessage> itemPrompt, String previousAnswer, LabelSet labels) {
        Objects.requireNonNull(previousAnswer, "previousAnswer");
        Arguments.check(
                itemPrompt != null && !itemPrompt.isEmpty(),
                "a critique needs the item prompt but it was %s",
                itemPrompt);
        List<ChatMessage> messages = new ArrayList<>(itemPrompt);
        messages.add(ChatMessage.assistant(previousAnswer));
        messages.add(ChatMessage.user(critique.render(Map.of(
                PromptTemplate.LABELS, renderLabels(labels),
                PromptTemplate.LABEL_NAMES, renderLabelNames(labels)))));
        return List.copyOf(messages);
    }

    /** One line {@code - NAME: description} per label ({@code - NAME} when it has no description). */
    static String renderLabels(LabelSet labels) {
        return labels.labels().stream()
                .map(l -> l.description().isEmpty() ? "- " + l.name() : "- " + l.name() + ": " + l.description())
                .collect(Collectors.joining("\n"));
    }

    static String renderLabelNames(LabelSet labels) {
        return String.join(", ", labels.names());
    }

    /** One line per turn: {@code User: …}, {@code Bot: …}, other roles capitalised. */
    static String renderContext(List<Turn> turns) {
        return turns.stream()
                .map(t -> speaker(String.valueOf(t.getRole())) + ": " + t.getText())
                .collect(Collectors.joining("\n"));
    }

    private static String speaker(String role) {
        String r = role.trim();
        if (r.isEmpty()) {
            return "Unknown";
        }
        return r.substring(0, 1).toUpperCase(Locale.ROOT) + r.substring(1).toLowerCase(Locale.ROOT);
    }

    public PromptTemplate utterance() {
        return utterance;
    }

    public PromptTemplate context() {
        return context;
    }

    public PromptTemplate critique() {
        return critique;
    }

    /** The system prompt, or null for none. */
    public String systemPrompt() {
        return systemPrompt;
    }
}
