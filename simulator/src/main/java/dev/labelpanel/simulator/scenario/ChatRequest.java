package dev.labelpanel.simulator.scenario;

import dev.labelpanel.simulator.prompt.ChatMessage;
import java.util.List;

/**
 * The parts of an OpenAI chat-completions request the simulator uses. {@code maxTokens} (from {@code max_tokens} or
 * {@code max_completion_tokens}) is null when absent; {@code includeUsage} is {@code stream_options.include_usage}.
 */
public record ChatRequest(
        String model, List<ChatMessage> messages, boolean stream, boolean includeUsage, Integer maxTokens) {

    public ChatRequest {
        messages = List.copyOf(messages);
    }
}
