package dev.labelpanel.simulator.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.util.Map;

/** Any other path: 404 with an OpenAI-style error body. */
final class NotFoundHandler implements HttpHandler {
    private final StatsRecorder stats;
    private final Responder responder;
    private final ResponseBodies bodies;

    NotFoundHandler(StatsRecorder stats, Responder responder, ResponseBodies bodies) {
        this.stats = stats;
        this.responder = responder;
        this.bodies = bodies;
    }

    @Override
    public void handle(HttpExchange exchange) {
        ApiError error = ApiError.notFound(exchange.getRequestURI().getPath());
        stats.rejected(error.status());
        responder.sendJson(exchange, error.status(), Map.of(), bodies.error(error));
    }
}
