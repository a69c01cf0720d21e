package dev.labelpanel.simulator.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labelpanel.simulator.prompt.ChatMessage;
import dev.labelpanel.simulator.scenario.ChatRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Parses and validates a chat-completions request body as an OpenAI-compatible server would (400 on any problem). */
final class ChatRequestReader {
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");

    private final ObjectMapper json;

    ChatRequestReader(ObjectMapper json) {
        this.json = json;
    }

    ChatRequest read(byte[] body) throws ApiException {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            throw new ApiException(ApiError.badRequest("We could not parse the JSON body of your request.", null));
        }
        if (root == null || !root.isObject()) {
            throw new ApiException(ApiError.badRequest("The request body must be a JSON object.", null));
        }
        JsonNode model = root.get("model");
        if (model == null || !model.isTextual() || model.asText().isEmpty()) {
            throw new ApiException(ApiError.badRequest("You must provide a model parameter.", "model"));
        }
        return new ChatRequest(
                model.asText(),
                messages(root.get("messages")),
                flag(root, "stream"),
                root.has("stream_options") && flag(root.get("stream_options"), "include_usage"),
                maxTokens(root),
                ConstraintReader.constraint(root),
                ConstraintReader.topLogprobs(root),
                fieldNames(root));
    }

    private static Set<String> fieldNames(JsonNode root) {
        Set<String> names = new HashSet<>();
        root.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<ChatMessage> messages(JsonNode messages) throws ApiException {
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new ApiException(ApiError.badRequest("'messages' must be a non-empty array.", "messages"));
        }
        List<ChatMessage> result = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String param = "messages[" + i + "]";
            JsonNode role = message.get("role");
            if (role == null || !ROLES.contains(role.asText())) {
                throw new ApiException(ApiError.badRequest(
                        param + ".role must be one of " + ROLES + " but was " + role, param + ".role"));
            }
            result.add(new ChatMessage(role.asText(), content(message.get("content"), param)));
        }
        return result;
    }

    /** A string, or an array of content parts whose {@code text} parts are concatenated. */
    private static String content(JsonNode content, String param) throws ApiException {
        if (content != null && content.isTextual()) {
            return content.asText();
        }
        if (content != null && content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if ("text".equals(part.path("type").asText())
                        && part.path("text").isTextual()) {
                    text.append(part.get("text").asText());
                }
            }
            return text.toString();
        }
        throw new ApiException(ApiError.badRequest(
                param + ".content must be a string or an array of content parts.", param + ".content"));
    }

    private static boolean flag(JsonNode node, String field) throws ApiException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new ApiException(ApiError.badRequest("'" + field + "' must be a boolean but was " + value, field));
        }
        return value.asBoolean();
    }

    private static Integer maxTokens(JsonNode root) throws ApiException {
        for (String field : new String[] {"max_completion_tokens", "max_tokens"}) {
            JsonNode value = root.get(field);
            if (value != null && !value.isNull()) {
                if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1) {
                    throw new ApiException(
                            ApiError.badRequest("'" + field + "' must be a positive integer but was " + value, field));
                }
                return value.asInt();
            }
        }
        return null;
    }
}
