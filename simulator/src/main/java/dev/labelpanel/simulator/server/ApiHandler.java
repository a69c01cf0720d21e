package dev.labelpanel.simulator.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A handler of one API root ({@code /v1/files}, {@code /v1/batches}): checks the API key, hands the path below the
 * root, split at {@code /}, to {@link #serve}, and answers an {@link ApiException} with its OpenAI-style error.
 */
abstract class ApiHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    /** What every API root shares: the key check, the responder, the response bodies and the JSON mapper. */
    record Shared(ApiKeyCheck apiKey, Responder responder, ResponseBodies bodies, ObjectMapper json) {}

    private final String root;
    private final ApiKeyCheck apiKey;
    protected final Responder responder;
    protected final ResponseBodies bodies;
    protected final ObjectMapper json;

    ApiHandler(String root, Shared shared) {
        this.root = root;
        this.apiKey = shared.apiKey();
        this.responder = shared.responder();
        this.bodies = shared.bodies();
        this.json = shared.json();
    }

    /** Answers 200 with {@code object} as the JSON body. */
    void sendObject(HttpExchange exchange, Object object) {
        responder.sendJson(exchange, 200, Map.of(), bodies.json(object));
    }

    /** Serves {@code exchange}; {@code parts} is the path below the root split at {@code /} (parts[0] is ""). */
    abstract void serve(HttpExchange exchange, String method, String[] parts) throws IOException, ApiException;

    @Override
    public final void handle(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        try {
            apiKey.check(exchange.getRequestHeaders().getFirst("Authorization"));
            serve(
                    exchange,
                    exchange.getRequestMethod(),
                    path.substring(root.length()).split("/"));
        } catch (ApiException e) {
            responder.sendJson(exchange, e.error().status(), Map.of(), bodies.error(e.error()));
        } catch (IOException e) {
            LOG.debug("Could not read a request to {}", root, e);
            exchange.close();
        }
    }

    /** The 404 for {@code path}, the answer to any method and path this root does not serve. */
    static ApiException unknown(HttpExchange exchange) {
        return new ApiException(ApiError.notFound(exchange.getRequestURI().getPath()));
    }
}
