package dev.labelpanel.transforms.prompt;

import dev.labelpanel.schemas.Item;
import dev.labelpanel.transforms.llm.ChatMessage;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/** The prompts of a run: the shared ones, and any labeler's own (its templates or system prompt). */
public record PromptBook(LabelSet labels, Prompts shared, Map<String, Prompts> byLabeler) implements Serializable {
    public PromptBook {
        byLabeler = Map.copyOf(byLabeler);
    }

    public static PromptBook of(LabelSet labels, Prompts shared) {
        return new PromptBook(labels, shared, Map.of());
    }

    /** The prompts {@code labeler} uses. */
    public Prompts promptsOf(String labeler) {
        return byLabeler.getOrDefault(labeler, shared);
    }

    /** The item prompt as {@code labeler} gets it. */
    public List<ChatMessage> itemPrompt(String labeler, Item item) {
        return promptsOf(labeler).itemPrompt(item.getGranularity(), item.getText(), item.getContext(), labels);
    }
}
