package dev.labelpanel.simulator.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/** {@code GET /v1/models}: the profile's models, each described as simulated. */
record ModelsHandler(ApiKeyCheck apiKey, JsonReplies replies, byte[] modelList) implements HttpHandler {
    @Override
    public void handle(HttpExchange exchange) {
        try {
            JsonReplies.route(exchange, "GET", "/v1/models");
            apiKey.check(exchange.getRequestHeaders().getFirst("Authorization"));
            replies.ok(exchange, modelList);
        } catch (ApiException e) {
            replies.reject(exchange, e.error());
        }
    }
}
