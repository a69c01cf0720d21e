package dev.labelpanel.simulator.server;

import com.sun.net.httpserver.HttpExchange;
import java.util.Map;

/**
 * The JSON replies the simulator's endpoints share: a 200 body, an OpenAI-style error body, and the check that an
 * exchange is the one method and path an endpoint serves.
 */
record JsonReplies(StatsRecorder stats, Responder responder, ResponseBodies bodies) {
    void ok(HttpExchange exchange, byte[] body) {
        responder.sendJson(exchange, 200, Map.of(), body);
    }

    /** 200 with {@code value} as JSON. */
    void ok(HttpExchange exchange, Object value) {
        ok(exchange, bodies.json(value));
    }

    /** Answers with {@code error}, without counting it (the stats endpoint's own errors). */
    void error(HttpExchange exchange, ApiError error) {
        responder.sendJson(exchange, error.status(), Map.of(), bodies.error(error));
    }

    /** Answers with {@code error} and counts it as a rejected request. */
    void reject(HttpExchange exchange, ApiError error) {
        stats.rejected(error.status());
        error(exchange, error);
    }

    /** 404 unless the exchange's path is {@code path}, then 405 unless its method is {@code method}. */
    static void route(HttpExchange exchange, String method, String path) throws ApiException {
        if (!exchange.getRequestURI().getPath().equals(path)) {
            throw new ApiException(ApiError.notFound(exchange.getRequestURI().getPath()));
        }
        if (!exchange.getRequestMethod().equals(method)) {
            throw new ApiException(ApiError.methodNotAllowed(exchange.getRequestMethod(), path));
        }
    }
}
