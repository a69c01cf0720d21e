package dev.labelpanel.transforms.llm.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.labelpanel.transforms.llm.ChatMessage;
import dev.labelpanel.transforms.llm.ChatRequest;
import dev.labelpanel.transforms.llm.LlmEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * The request body: {@code {"model", "messages", "temperature", "max_tokens", "top_p"?, <answer format>?,
 * "logprobs"?, "top_logprobs"?, "stream": false}}; model and sampling from the endpoint, {@code max_tokens} from the
 * request when it overrides the endpoint's, the answer format as {@link AnswerFormatEncoder} writes it.
 */
final class ChatRequestEncoder {
    private static final JsonFactory FACTORY = new JsonFactory();

    private ChatRequestEncoder() {}

    static int maxTokens(LlmEndpoint endpoint, ChatRequest request) {
        return request.maxTokens() != null ? request.maxTokens() : endpoint.maxTokens();
    }

    static long promptChars(ChatRequest request) {
        long chars = 0;
        for (ChatMessage message : request.messages()) {
            chars += message.content().length();
        }
        return chars;
    }

    /** Streams the body straight to bytes (no tree): this runs once per HTTP attempt. */
    static byte[] encode(LlmEndpoint endpoint, ChatRequest request) {
        ByteArrayOutputStream bytes =
                new ByteArrayOutputStream(256 + 2 * (int) Math.min(promptChars(request), 1 << 20));
        try (JsonGenerator json = FACTORY.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("model", endpoint.model());
            json.writeArrayFieldStart("messages");
            for (ChatMessage message : request.messages()) {
                json.writeStartObject();
                json.writeStringField("role", message.role());
                json.writeStringField("content", message.content());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeNumberField("temperature", endpoint.temperature());
            json.writeNumberField("max_tokens", maxTokens(endpoint, request));
            if (endpoint.topP() != null) {
                json.writeNumberField("top_p", endpoint.topP());
            }
            if (request.format() != null) {
                AnswerFormatEncoder.write(json, request.format());
            }
            if (request.topLogprobs() > 0) {
                json.writeBooleanField("logprobs", true);
                json.writeNumberField("top_logprobs", request.topLogprobs());
            }
            json.writeBooleanField("stream", false);
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a chat request as JSON", e);
        }
        return bytes.toByteArray();
    }
}
