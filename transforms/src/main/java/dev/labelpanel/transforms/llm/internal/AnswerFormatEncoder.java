package dev.labelpanel.transforms.llm.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.labelpanel.transforms.llm.AnswerFormat;
import dev.labelpanel.transforms.llm.Constraint;
import java.io.IOException;
import java.util.List;

/**
 * Writes an {@link AnswerFormat} into a request body as each serving stack expects it:
 *
 * <ul>
 *   <li>{@code json_schema}: {@code "response_format": {"type": "json_schema", "json_schema": {"name": "label",
 *       "strict": true, "schema": S}}} (OpenAI, vLLM, llama.cpp server, Ollama's OpenAI-compatible API);
 *   <li>{@code guided_choice}: {@code "guided_choice": [labels]}, or with reasoning {@code "guided_json": S} (vLLM);
 *   <li>{@code grammar}: {@code "grammar": G}, a GBNF grammar (llama.cpp server).
 * </ul>
 *
 * S is {@code {"type": "object", "properties": {"label": {"type": "string", "enum": [labels]}}, "required":
 * ["label"], "additionalProperties": false}}, with a {@code reasoning} string before the label when the answer
 * explains itself. G is {@code root ::= "NSFW" | "SFW"}, or with reasoning {@code root ::= reasoning "\nFinal
 * label: " label} over one line of reasoning.
 */
final class AnswerFormatEncoder {
    private AnswerFormatEncoder() {}

    static void write(JsonGenerator json, AnswerFormat format) throws IOException {
        switch (format.style()) {
            case JSON_SCHEMA -> {
                json.writeObjectFieldStart(Constraint.RESPONSE_FORMAT_FIELD);
                json.writeStringField("type", "json_schema");
                json.writeObjectFieldStart("json_schema");
                json.writeStringField("name", AnswerFormat.LABEL_FIELD);
                json.writeBooleanField("strict", true);
                json.writeFieldName("schema");
                schema(json, format);
                json.writeEndObject();
                json.writeEndObject();
            }
            case GUIDED_CHOICE -> {
                if (format.reasoning()) {
                    json.writeFieldName(Constraint.GUIDED_JSON_FIELD);
                    schema(json, format);
                } else {
                    json.writeArrayFieldStart(Constraint.GUIDED_CHOICE_FIELD);
                    for (String label : format.labels()) {
                        json.writeString(label);
                    }
                    json.writeEndArray();
                }
            }
            case GRAMMAR -> json.writeStringField(Constraint.GRAMMAR_FIELD, grammar(format));
            default -> throw new IllegalStateException("no request field for constraint " + format.style());
        }
    }

    private static void schema(JsonGenerator json, AnswerFormat format) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", "object");
        json.writeObjectFieldStart("properties");
        if (format.reasoning()) {
            json.writeObjectFieldStart(AnswerFormat.REASONING_FIELD);
            json.writeStringField("type", "string");
            json.writeEndObject();
        }
        json.writeObjectFieldStart(AnswerFormat.LABEL_FIELD);
        json.writeStringField("type", "string");
        json.writeArrayFieldStart("enum");
        for (String label : format.labels()) {
            json.writeString(label);
        }
        json.writeEndArray();
        json.writeEndObject();
        json.writeEndObject();
        json.writeArrayFieldStart("required");
        if (format.reasoning()) {
            json.writeString(AnswerFormat.REASONING_FIELD);
        }
        json.writeString(AnswerFormat.LABEL_FIELD);
        json.writeEndArray();
        json.writeBooleanField("additionalProperties", false);
        json.writeEndObject();
    }

    /** The GBNF grammar of {@code format}: one label, or one line of reasoning and then the final label. */
    static String grammar(AnswerFormat format) {
        String labels = alternatives(format.labels());
        if (!format.reasoning()) {
            return "root ::= " + labels + "\n";
        }
        return "root ::= reasoning " + literal(AnswerFormat.FINAL_LABEL_PREFIX) + " label\n"
                + "reasoning ::= [^\\n]*\n"
                + "label ::= " + labels + "\n";
    }

    private static String alternatives(List<String> labels) {
        return String.join(
                " | ", labels.stream().map(AnswerFormatEncoder::literal).toList());
    }

    /** A GBNF string literal: quotes, backslashes and line breaks escaped. */
    private static String literal(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
