package dev.labelpanel.transforms.llm.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labelpanel.transforms.llm.TokenLogprob;
import java.io.Serializable;
import java.util.List;

/**
 * A completed answer as the endpoint gave it: all a re-parse needs, nothing about the call's timing. Besides the
 * text, whether the provider declared it a refusal ({@code refused}), what the reply named ({@code servedModel}, {@code systemFingerprint}; null when absent) and the answer tokens'
 * log-probabilities when they were asked for, so that a rerun from the cache writes the same votes, label
 * probabilities included.
 */
public record CachedAnswer(
        String content,
        boolean refused,
        String finishReason,
        int promptTokens,
        int completionTokens,
        String servedModel,
        String systemFingerprint,
        List<TokenLogprob> logprobs)
        implements Serializable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<TokenLogprob>> LOGPROBS = new TypeReference<>() {};

    public CachedAnswer {
        logprobs = logprobs == null ? List.of() : List.copyOf(logprobs);
    }

    /** An answer that named no model, carried no log-probabilities and was not declared a refusal. */
    public CachedAnswer(String content, String finishReason, int promptTokens, int completionTokens) {
        this(content, finishReason, promptTokens, completionTokens, null, null, List.of());
    }

    /** An answer the provider did not declare a refusal. */
    public CachedAnswer(
            String content,
            String finishReason,
            int promptTokens,
            int completionTokens,
            String servedModel,
            String systemFingerprint,
            List<TokenLogprob> logprobs) {
        this(content, false, finishReason, promptTokens, completionTokens, servedModel, systemFingerprint, logprobs);
    }

    /** The fields beyond the text and token counts, as one JSON object (the stores keep it as one value). */
    String extrasJson() {
        ObjectNode node = JSON.createObjectNode();
        if (refused) {
            node.put("refused", true); // absent in entries written before the flag: not refused
        }
        node.put("served_model", servedModel);
        node.put("system_fingerprint", systemFingerprint);
        node.set("logprobs", JSON.valueToTree(logprobs));
        return node.toString();
    }

    /** This answer with the fields of {@link #extrasJson} read back; an absent or unreadable value adds nothing. */
    CachedAnswer withExtras(String extrasJson) {
        if (extrasJson == null || extrasJson.isBlank()) {
            return this;
        }
        try {
            return withExtras(JSON.readTree(extrasJson));
        } catch (JsonProcessingException e) {
            return this;
        }
    }

    /** This answer with the extras fields of {@code node} (a stored JSON object; missing fields stay empty). */
    CachedAnswer withExtras(JsonNode node) {
        if (node == null || !node.isObject()) {
            return this;
        }
        List<TokenLogprob> tokens = List.of();
        if (node.path("logprobs").isArray()) {
            tokens = JSON.convertValue(node.get("logprobs"), LOGPROBS);
        }
        return new CachedAnswer(
                content,
                node.path("refused").asBoolean(false),
                finishReason,
                promptTokens,
                completionTokens,
                node.path("served_model").isTextual() ? node.get("served_model").asText() : null,
                node.path("system_fingerprint").isTextual()
                        ? node.get("system_fingerprint").asText()
                        : null,
                tokens);
    }
}
