package dev.labelpanel.transforms.llm.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labelpanel.transforms.llm.ChatResult;
import dev.labelpanel.transforms.llm.TokenLogprob;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a chat completion: {@code choices[0].message.content} (or its {@code refusal}, which also marks the answer
 * {@code refused}), {@code finish_reason},
 * {@code logprobs.content}, {@code usage} and
 * {@code model} and {@code system_fingerprint}. A body that is not JSON, is cut off, or has no choice is a {@link MalformedCompletionException}
 * (retried: the next attempt usually is whole).
 */
final class CompletionParser {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * The useful parts of a completion; {@code content} is "" when the model sent none. {@code refused}: the provider
     * declared the answer a refusal ({@code message.refusal}, as OpenAI's structured outputs do); {@code content} then
     * holds the refusal's words when the message had no content of its own.
     */
    record Completion(
            String content,
            boolean refused,
            String finishReason,
            long promptTokens,
            long completionTokens,
            String model,
            String systemFingerprint,
            List<TokenLogprob> logprobs) {

        /** The call's result: this answer, which took {@code latencyMs} and {@code attempts} (hedges included). */
        ChatResult result(long latencyMs, int attempts, boolean deferred, boolean hedged, boolean hedgeWon) {
            return new ChatResult(
                    content,
                    refused,
                    finishReason,
                    promptTokens,
                    completionTokens,
                    latencyMs,
                    attempts,
                    deferred,
                    hedged,
                    hedgeWon,
                    model.isEmpty() ? null : model,
                    systemFingerprint,
                    logprobs);
        }
    }

    /** The body was not a usable completion. Its message describes the shape, never the content. */
    static final class MalformedCompletionException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedCompletionException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private CompletionParser() {}

    static Completion parse(String body) throws MalformedCompletionException {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedCompletionException(
                    "response body is not valid JSON (" + body.length() + " chars; truncated?) at "
                            + e.getOriginalMessage(),
                    null);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedCompletionException("response body is not a JSON object", null);
        }
        JsonNode choices = root.path("choices");
        if (!choices.isArray() || choices.isEmpty()) {
            throw new MalformedCompletionException("response has no choices", null);
        }
        JsonNode choice = choices.get(0);
        JsonNode message = choice.path("message");
        if (!message.isObject()) {
            throw new MalformedCompletionException("choices[0] has no message", null);
        }
        JsonNode content = message.path("content");
        // A structured-output refusal (OpenAI) comes as message.refusal with no content: keep its words.
        JsonNode refusal = message.path("refusal");
        boolean refused = refusal.isTextual() && !refusal.asText().isBlank();
        String text = content.isTextual() && !content.asText().isEmpty()
                ? content.asText()
                : refused ? refusal.asText() : content.asText("");
        JsonNode usage = root.path("usage");
        return new Completion(
                text,
                refused,
                choice.path("finish_reason").asText(""),
                usage.path("prompt_tokens").asLong(0),
                usage.path("completion_tokens").asLong(0),
                root.path("model").asText(""),
                root.path("system_fingerprint").isTextual()
                        ? root.path("system_fingerprint").asText()
                        : null,
                logprobs(choice.path("logprobs").path("content")));
    }

    /** {@code choices[0].logprobs.content}: each token with its log-probability and top alternatives. */
    private static List<TokenLogprob> logprobs(JsonNode content) {
        if (!content.isArray()) {
            return List.of();
        }
        List<TokenLogprob> tokens = new ArrayList<>(content.size());
        for (JsonNode token : content) {
            List<TokenLogprob.Alternative> top = new ArrayList<>();
            for (JsonNode alternative : token.path("top_logprobs")) {
                top.add(new TokenLogprob.Alternative(
                        alternative.path("token").asText(""),
                        alternative.path("logprob").asDouble(Double.NEGATIVE_INFINITY)));
            }
            tokens.add(new TokenLogprob(
                    token.path("token").asText(""), token.path("logprob").asDouble(Double.NEGATIVE_INFINITY), top));
        }
        return tokens;
    }

    /** The {@code error.message} of an OpenAI-shaped error body, at most 300 characters; "" if there is none. */
    static String errorMessage(String body) {
        try {
            JsonNode root = MAPPER.readTree(body);
            String message =
                    root == null ? "" : root.path("error").path("message").asText("");
            return message.length() > 300 ? message.substring(0, 300) + "…" : message;
        } catch (JsonProcessingException e) {
            return "";
        }
    }
}
