package dev.labelpanel.simulator.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/** {@code GET /stats} returns the counters as JSON; {@code POST /stats/reset} zeroes them. No API key needed. */
record StatsHandler(JsonReplies replies) implements HttpHandler {
    @Override
    public void handle(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (path.equals("/stats") && method.equals("GET")) {
            replies.ok(exchange, replies.stats().snapshot());
        } else if (path.equals("/stats/reset") && method.equals("POST")) {
            replies.stats().reset();
            replies.ok(exchange, replies.stats().snapshot());
        } else {
            replies.error(
                    exchange,
                    path.equals("/stats") || path.equals("/stats/reset")
                            ? ApiError.methodNotAllowed(method, path)
                            : ApiError.notFound(path));
        }
    }
}
