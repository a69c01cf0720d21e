package dev.labelpanel.simulator.scenario;

import dev.labelpanel.simulator.prompt.ChatMessage;
import java.util.List;
import java.util.Set;

/**
 * The parts of an OpenAI chat-completions request the simulator uses. {@code maxTokens} (from {@code max_tokens} or
 * {@code max_completion_tokens}) is null when absent; {@code includeUsage} is {@code stream_options.include_usage};
 * {@code constraint} is the label enum a constrained-decoding parameter holds the answer to (null: free text);
 * {@code topLogprobs} is {@code top_logprobs} when {@code logprobs} is true (-1: no log-probabilities); {@code
 * fields} names the body's top-level fields (for a profile's {@code unsupported_parameters}).
 */
public record ChatRequest(
        String model,
        List<ChatMessage> messages,
        boolean stream,
        boolean includeUsage,
        Integer maxTokens,
        AnswerConstraint constraint,
        int topLogprobs,
        Set<String> fields) {

    public ChatRequest {
        messages = List.copyOf(messages);
        fields = fields == null ? Set.of() : Set.copyOf(fields);
    }

    /** A free-text request without log-probabilities. */
    public ChatRequest(
            String model, List<ChatMessage> messages, boolean stream, boolean includeUsage, Integer maxTokens) {
        this(model, messages, stream, includeUsage, maxTokens, null, -1, Set.of());
    }

    public boolean logprobs() {
        return topLogprobs >= 0;
    }
}
