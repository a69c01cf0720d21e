package dev.labelpanel.transforms.llm;

import java.io.Serializable;
import java.util.Objects;

/** One message of an OpenAI-compatible chat conversation: {@code system}, {@code user} or {@code assistant}. */
public record ChatMessage(String role, String content) implements Serializable {
    public static final String SYSTEM = "system";
    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    public static ChatMessage system(String content) {
        return new ChatMessage(SYSTEM, content);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage(USER, content);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage(ASSISTANT, content);
    }
}
