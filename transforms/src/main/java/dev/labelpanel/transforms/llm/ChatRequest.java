package dev.labelpanel.transforms.llm;

import java.util.List;
import java.util.Objects;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The messages of one chat completion and, optionally, a {@code max_tokens} that overrides the endpoint's default
 * (e.g. a self-criticism follow-up that needs room to explain), an {@link AnswerFormat} the answer is constrained to
 * (null: free text), and how many alternatives per answer token to ask log-probabilities for ({@code topLogprobs}, 0:
 * none). Model and sampling come from the {@link LlmEndpoint}.
 */
public record ChatRequest(
        List<ChatMessage> messages,
        @Nullable Integer maxTokens,
        @Nullable AnswerFormat format,
        int topLogprobs) {
    /** The most alternatives per token OpenAI accepts for {@code top_logprobs}. */
    public static final int MAX_TOP_LOGPROBS = 20;

    public ChatRequest {
        Objects.requireNonNull(messages, "messages");
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("ChatRequest needs at least one message but had none");
        }
        if (maxTokens != null && maxTokens < 1) {
            throw new IllegalArgumentException("ChatRequest maxTokens must be >= 1 or unset but was " + maxTokens);
        }
        if (topLogprobs < 0 || topLogprobs > MAX_TOP_LOGPROBS) {
            throw new IllegalArgumentException("ChatRequest topLogprobs must be between 0 and " + MAX_TOP_LOGPROBS
                    + " (0 = no log-probabilities) but was " + topLogprobs);
        }
        messages = List.copyOf(messages);
    }

    /** Free text, no log-probabilities. */
    public ChatRequest(List<ChatMessage> messages, @Nullable Integer maxTokens) {
        this(messages, maxTokens, null, 0);
    }

    public static ChatRequest of(List<ChatMessage> messages) {
        return new ChatRequest(messages, null);
    }

    public static ChatRequest of(ChatMessage... messages) {
        return new ChatRequest(List.of(messages), null);
    }

    public ChatRequest withMaxTokens(int maxTokens) {
        return new ChatRequest(messages, maxTokens, format, topLogprobs);
    }

    /** This request with its answer constrained to {@code answerFormat} (null: free text). */
    public ChatRequest withFormat(@Nullable AnswerFormat answerFormat) {
        return new ChatRequest(messages, maxTokens, answerFormat, topLogprobs);
    }

    /** This request asking log-probabilities of the answer tokens and {@code top} alternatives (0: none). */
    public ChatRequest withTopLogprobs(int top) {
        return new ChatRequest(messages, maxTokens, format, top);
    }

    /** Length only: prompts are user data and stay out of logs and exception messages. */
    @Override
    public String toString() {
        return "ChatRequest{messages=" + messages.size() + ", maxTokens=" + maxTokens
                + (format == null ? "" : ", format=" + format.style().wireName())
                + (topLogprobs == 0 ? "" : ", topLogprobs=" + topLogprobs) + "}";
    }
}
