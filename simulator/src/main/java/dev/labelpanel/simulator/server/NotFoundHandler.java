package dev.labelpanel.simulator.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/** Any other path: 404 with an OpenAI-style error body. */
record NotFoundHandler(JsonReplies replies) implements HttpHandler {
    @Override
    public void handle(HttpExchange exchange) {
        replies.reject(exchange, ApiError.notFound(exchange.getRequestURI().getPath()));
    }
}
