package dev.labelpanel.transforms.llm.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labelpanel.transforms.llm.ChatMessage;
import dev.labelpanel.transforms.llm.ChatRequest;
import dev.labelpanel.transforms.llm.LlmEndpoint;

/**
 * The request body: {@code {"model", "messages", "temperature", "max_tokens", "top_p"?, "stream": false}}; model and
 * sampling from the endpoint, {@code max_tokens} from the request when it overrides the endpoint's.
 */
final class ChatRequestEncoder {
  private static final ObjectMapper MAPPER = new ObjectMapper();

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

  static byte[] encode(LlmEndpoint endpoint, ChatRequest request) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("model", endpoint.model());
    ArrayNode messages = body.putArray("messages");
    for (ChatMessage message : request.messages()) {
      messages.addObject().put("role", message.role()).put("content", message.content());
    }
    body.put("temperature", endpoint.temperature());
    body.put("max_tokens", maxTokens(endpoint, request));
    if (endpoint.topP() != null) {
      body.put("top_p", endpoint.topP());
    }
    body.put("stream", false);
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a chat request as JSON", e);
    }
  }
}
