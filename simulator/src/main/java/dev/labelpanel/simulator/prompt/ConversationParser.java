package dev.labelpanel.simulator.prompt;

import dev.labelpanel.simulator.profile.PromptTemplates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Recognises the pipeline's conversations: {@code [system?] user(item prompt)} for a first request and
 * {@code [system?] user(item prompt), assistant(previous answer), user(critique prompt)} for a self-criticism
 * follow-up. System messages are ignored. Items are found by the configured templates, never by guessing.
 */
public final class ConversationParser {
    private final PromptTemplate utterance;
    private final PromptTemplate context;
    private final PromptTemplate critique;

    public ConversationParser(PromptTemplates templates) {
        this.utterance = PromptTemplate.compile(templates.utterance());
        this.context = PromptTemplate.compile(templates.context());
        this.critique = PromptTemplate.compile(templates.critique());
    }

    public Conversation parse(List<ChatMessage> messages) {
        List<ChatMessage> turns = new ArrayList<>();
        for (ChatMessage message : messages) {
            if (!message.role().equals("system")) {
                turns.add(message);
            }
        }
        String lastUser = lastUserMessage(turns);
        if (turns.size() == 1 && turns.get(0).role().equals("user")) {
            Optional<Conversation.LabelItem> item = item(turns.get(0).content());
            if (item.isPresent()) {
                return item.get();
            }
        } else if (turns.size() == 3 && isCritique(turns)) {
            Optional<Conversation.LabelItem> item = item(turns.get(0).content());
            if (item.isPresent()) {
                return new Conversation.Critique(
                        item.get().text(), item.get().context(), turns.get(1).content());
            }
        }
        return new Conversation.Unrecognized(lastUser);
    }

    private boolean isCritique(List<ChatMessage> turns) {
        return turns.get(0).role().equals("user")
                && turns.get(1).role().equals("assistant")
                && turns.get(2).role().equals("user")
                && critique.match(turns.get(2).content()).isPresent();
    }

    private Optional<Conversation.LabelItem> item(String prompt) {
        Optional<Map<String, String>> pair = context.match(prompt);
        if (pair.isPresent()) {
            return Optional.of(new Conversation.LabelItem(
                    pair.get().get("text"), pair.get().get("context")));
        }
        return utterance.match(prompt).map(values -> new Conversation.LabelItem(values.get("text"), null));
    }

    private static String lastUserMessage(List<ChatMessage> turns) {
        for (int i = turns.size() - 1; i >= 0; i--) {
            if (turns.get(i).role().equals("user")) {
                return turns.get(i).content();
            }
        }
        return "";
    }
}
