package dev.labelpanel.simulator.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labelpanel.simulator.scenario.AnswerConstraint;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the constrained-decoding parameters the simulator honours, by their label enum: {@code response_format}
 * {@code json_schema} (and llama.cpp's top-level {@code json_schema}), vLLM's {@code guided_json} and {@code
 * guided_choice}, and llama.cpp's GBNF {@code grammar} (its string literals; a grammar with a {@code reasoning} rule
 * keeps a critique's reasoning). Also {@code logprobs} and {@code top_logprobs} (0 to 20), 400 when malformed.
 */
final class ConstraintReader {
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    private ConstraintReader() {}

    static AnswerConstraint constraint(JsonNode root) throws ApiException {
        JsonNode format = root.path("response_format");
        if (format.path("type").asText().equals("json_schema")) {
            return json(format.path("json_schema").path("schema"), "response_format");
        }
        if (root.path("json_schema").isObject()) {
            return json(root.get("json_schema"), "json_schema");
        }
        if (root.path("guided_json").isObject()) {
            return json(root.get("guided_json"), "guided_json");
        }
        if (root.has("guided_choice")) {
            JsonNode choices = root.get("guided_choice");
            if (!choices.isArray() || choices.isEmpty()) {
                throw new ApiException(
                        ApiError.badRequest("'guided_choice' must be a non-empty array of strings.", "guided_choice"));
            }
            List<String> labels = new ArrayList<>();
            choices.forEach(c -> labels.add(c.asText()));
            return new AnswerConstraint(AnswerConstraint.Form.CHOICE, labels, false, "guided_choice");
        }
        if (root.has("grammar")) {
            if (!root.get("grammar").isTextual()) {
                throw new ApiException(ApiError.badRequest("'grammar' must be a GBNF string.", "grammar"));
            }
            String grammar = root.get("grammar").asText();
            List<String> literals = new ArrayList<>();
            Matcher m = LITERAL.matcher(grammar);
            while (m.find()) {
                literals.add(
                        m.group(1).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\"));
            }
            return new AnswerConstraint(
                    AnswerConstraint.Form.CHOICE, literals, grammar.contains("reasoning ::="), "grammar");
        }
        return null;
    }

    private static AnswerConstraint json(JsonNode schema, String parameter) throws ApiException {
        JsonNode labels = schema.path("properties").path("label").path("enum");
        if (!labels.isArray() || labels.isEmpty()) {
            // A schema without a label enum: the simulator cannot honour it, and says so.
            throw new ApiException(ApiError.badRequest(
                    parameter + ": the simulator honours a JSON schema whose properties.label has an enum of labels",
                    parameter));
        }
        List<String> names = new ArrayList<>();
        labels.forEach(l -> names.add(l.asText()));
        boolean reasoning = schema.path("properties").has("reasoning");
        return new AnswerConstraint(AnswerConstraint.Form.JSON, names, reasoning, parameter);
    }

    /** {@code top_logprobs} when {@code logprobs} is true (0 when absent), else -1. */
    static int topLogprobs(JsonNode root) throws ApiException {
        JsonNode logprobs = root.get("logprobs");
        if (logprobs == null || logprobs.isNull() || (logprobs.isBoolean() && !logprobs.asBoolean())) {
            return -1;
        }
        if (!logprobs.isBoolean()) {
            throw new ApiException(ApiError.badRequest("'logprobs' must be a boolean but was " + logprobs, "logprobs"));
        }
        JsonNode top = root.get("top_logprobs");
        if (top == null || top.isNull()) {
            return 0;
        }
        if (!top.isIntegralNumber() || top.asInt() < 0 || top.asInt() > 20) {
            throw new ApiException(ApiError.badRequest(
                    "'top_logprobs' must be an integer between 0 and 20 but was " + top, "top_logprobs"));
        }
        return top.asInt();
    }
}
