package dev.labelpanel.transforms.llm;

import java.util.List;
import java.util.Objects;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The messages of one chat completion and, optionally, a {@code max_tokens} that overrides the endpoint's default
 * (e.g. a self-criticism follow-up that needs room to explain). Model and sampling come from the {@link LlmEndpoint}.
 */
public record ChatRequest(
        List<ChatMessage> messages, @Nullable Integer maxTokens) {
    public ChatRequest {
        Objects.requireNonNull(messages, "messages");
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("ChatRequest needs at least one message but had none");
        }
        if (maxTokens != null && maxTokens < 1) {
            throw new IllegalArgumentException("ChatRequest maxTokens must be >= 1 or unset but was " + maxTokens);
        }
        messages = List.copyOf(messages);
    }

    public static ChatRequest of(List<ChatMessage> messages) {
        return new ChatRequest(messages, null);
    }

    public static ChatRequest of(ChatMessage... messages) {
        return new ChatRequest(List.of(messages), null);
    }

    public ChatRequest withMaxTokens(int maxTokens) {
        return new ChatRequest(messages, maxTokens);
    }

    /** Length only: prompts are user data and stay out of logs and exception messages. */
    @Override
    public String toString() {
        return "ChatRequest{messages=" + messages.size() + ", maxTokens=" + maxTokens + "}";
    }
}
