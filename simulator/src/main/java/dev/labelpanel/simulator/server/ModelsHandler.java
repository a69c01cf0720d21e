package dev.labelpanel.simulator.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.util.Map;

/** {@code GET /v1/models}: the profile's models, each described as simulated. */
final class ModelsHandler implements HttpHandler {
    private final ApiKeyCheck apiKey;
    private final StatsRecorder stats;
    private final Responder responder;
    private final ResponseBodies bodies;
    private final byte[] modelList;

    ModelsHandler(
            ApiKeyCheck apiKey, StatsRecorder stats, Responder responder, ResponseBodies bodies, byte[] modelList) {
        this.apiKey = apiKey;
        this.stats = stats;
        this.responder = responder;
        this.bodies = bodies;
        this.modelList = modelList;
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            if (!exchange.getRequestURI().getPath().equals("/v1/models")) {
                throw new ApiException(
                        ApiError.notFound(exchange.getRequestURI().getPath()));
            }
            if (!exchange.getRequestMethod().equals("GET")) {
                throw new ApiException(ApiError.methodNotAllowed(exchange.getRequestMethod(), "/v1/models"));
            }
            apiKey.check(exchange.getRequestHeaders().getFirst("Authorization"));
            responder.sendJson(exchange, 200, Map.of(), modelList);
        } catch (ApiException e) {
            stats.rejected(e.error().status());
            responder.sendJson(exchange, e.error().status(), Map.of(), bodies.error(e.error()));
        }
    }
}
