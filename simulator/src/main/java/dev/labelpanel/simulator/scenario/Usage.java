package dev.labelpanel.simulator.scenario;

import dev.labelpanel.simulator.prompt.ChatMessage;
import java.util.List;

/** Token counts of one call, estimated from text length (about 4 characters per token, as OpenAI suggests). */
public record Usage(int promptTokens, int completionTokens) {

    public int totalTokens() {
        return promptTokens + completionTokens;
    }

    /** Tokens of a text: ceil(length / 4), at least 1 for non-empty text. */
    public static int estimate(String text) {
        return text == null || text.isEmpty() ? 0 : Math.max(1, (text.length() + 3) / 4);
    }

    /** Prompt tokens of a conversation, with OpenAI's per-message overhead of about 4 tokens plus 3 for the reply. */
    public static int estimatePrompt(List<ChatMessage> messages) {
        int tokens = 3;
        for (ChatMessage message : messages) {
            tokens += 4 + estimate(message.content());
        }
        return tokens;
    }
}
