package dev.labelpanel.simulator.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.util.Map;

/** {@code GET /stats} returns the counters as JSON; {@code POST /stats/reset} zeroes them. No API key needed. */
final class StatsHandler implements HttpHandler {
    private final StatsRecorder stats;
    private final Responder responder;
    private final ResponseBodies bodies;

    StatsHandler(StatsRecorder stats, Responder responder, ResponseBodies bodies) {
        this.stats = stats;
        this.responder = responder;
        this.bodies = bodies;
    }

    @Override
    public void handle(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (path.equals("/stats") && method.equals("GET")) {
            responder.sendJson(exchange, 200, Map.of(), bodies.json(stats.snapshot()));
        } else if (path.equals("/stats/reset") && method.equals("POST")) {
            stats.reset();
            responder.sendJson(exchange, 200, Map.of(), bodies.json(stats.snapshot()));
        } else {
            ApiError error = path.equals("/stats") || path.equals("/stats/reset")
                    ? ApiError.methodNotAllowed(method, path)
                    : ApiError.notFound(path);
            responder.sendJson(exchange, error.status(), Map.of(), bodies.error(error));
        }
    }
}
