package dev.labelpanel.simulator.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labelpanel.simulator.profile.ModelProfile;
import dev.labelpanel.simulator.scenario.AnswerTokens;
import dev.labelpanel.simulator.scenario.Outcome;
import dev.labelpanel.simulator.scenario.Usage;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/** The OpenAI-shaped JSON bodies the simulator sends. Every completion carries {@code system_fingerprint: labelpanel-simulator}. */
final class ResponseBodies {
    static final String FINGERPRINT = "labelpanel-simulator";

    private final ObjectMapper json;

    ResponseBodies(ObjectMapper json) {
        this.json = json;
    }

    byte[] completion(String id, long created, String model, Outcome outcome, boolean emptyChoices) {
        ObjectNode root = header(id, "chat.completion", created, model);
        ArrayNode choices = root.putArray("choices");
        if (!emptyChoices) {
            ObjectNode choice = choices.addObject();
            choice.put("index", 0);
            ObjectNode message = choice.putObject("message");
            message.put("role", "assistant");
            // A structured-output refusal (OpenAI) is message.refusal, with content null; its tokens likewise.
            String text = outcome.refusalField() ? "refusal" : "content";
            String none = outcome.refusalField() ? "content" : "refusal";
            message.put(text, outcome.content());
            message.putNull(none);
            if (outcome.logprobs() == null) {
                choice.putNull("logprobs");
            } else {
                ObjectNode logprobs = choice.putObject("logprobs");
                ArrayNode tokens = logprobs.putArray(text);
                outcome.logprobs().forEach(t -> token(tokens.addObject(), t));
                logprobs.putNull(none);
            }
            choice.put("finish_reason", outcome.finishReason());
        }
        usage(root.putObject("usage"), outcome.usage());
        return bytes(root);
    }

    /** The first {@code fraction} of a completion body: a response whose JSON is cut off. */
    byte[] truncatedCompletion(String id, long created, String model, Outcome outcome, double fraction) {
        byte[] whole = completion(id, created, model, outcome, false);
        byte[] cut = new byte[Math.max(1, (int) (whole.length * fraction))];
        System.arraycopy(whole, 0, cut, 0, cut.length);
        return cut;
    }

    byte[] chunk(String id, long created, String model, String role, String content, String finishReason) {
        return chunk(id, created, model, role, "content", content, finishReason);
    }

    /** A stream chunk whose delta carries {@code text} as {@code field} ({@code content}, or {@code refusal}). */
    byte[] chunk(String id, long created, String model, String role, String field, String text, String finishReason) {
        ObjectNode root = header(id, "chat.completion.chunk", created, model);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (role != null) {
            delta.put("role", role);
        }
        if (text != null) {
            delta.put(field, text);
        }
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return bytes(root);
    }

    /** The last chunk of a stream with {@code stream_options.include_usage}: no choices, only usage. */
    byte[] usageChunk(String id, long created, String model, Usage usage, boolean emptyChoices) {
        ObjectNode root = header(id, "chat.completion.chunk", created, model);
        root.putArray("choices");
        if (!emptyChoices) {
            usage(root.putObject("usage"), usage);
        }
        return bytes(root);
    }

    byte[] error(ApiError error) {
        ObjectNode root = json.createObjectNode();
        ObjectNode body = root.putObject("error");
        body.put("message", error.message());
        body.put("type", error.type());
        body.put("param", error.param());
        body.put("code", error.code());
        return bytes(root);
    }

    byte[] models(Collection<ModelProfile> models, long created) {
        ObjectNode root = json.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (ModelProfile model : models) {
            ObjectNode entry = data.addObject();
            entry.put("id", model.name());
            entry.put("object", "model");
            entry.put("created", created);
            entry.put("owned_by", FINGERPRINT);
            String about = model.description().isEmpty() ? "" : ": " + model.description();
            entry.put("description", "SIMULATED model (labelpanel simulator)" + about);
        }
        return bytes(root);
    }

    byte[] json(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ObjectNode header(String id, String object, long created, String model) {
        ObjectNode root = json.createObjectNode();
        root.put("id", id);
        root.put("object", object);
        root.put("created", created);
        root.put("model", model);
        root.put("system_fingerprint", FINGERPRINT);
        return root;
    }

    /** {@code {"token", "logprob", "bytes", "top_logprobs": [...]}} as OpenAI sends each answer token. */
    private static void token(ObjectNode node, AnswerTokens.Token token) {
        node.put("token", token.token());
        node.put("logprob", token.logprob());
        ArrayNode bytes = node.putArray("bytes");
        for (byte b : token.token().getBytes(StandardCharsets.UTF_8)) {
            bytes.add(b & 0xff);
        }
        if (token.top() != null) {
            ArrayNode top = node.putArray("top_logprobs");
            token.top().forEach(alternative -> token(top.addObject(), alternative));
        }
    }

    private static void usage(ObjectNode node, Usage usage) {
        node.put("prompt_tokens", usage.promptTokens());
        node.put("completion_tokens", usage.completionTokens());
        node.put("total_tokens", usage.totalTokens());
    }

    private byte[] bytes(ObjectNode node) {
        try {
            return json.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
