package dev.labelpanel.simulator.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * The Batch API: {@code POST /v1/batches} ({@code input_file_id}, {@code endpoint}, {@code completion_window},
 * {@code metadata}), {@code GET /v1/batches/{id}} and {@code POST /v1/batches/{id}/cancel}.
 */
final class BatchesHandler extends ApiHandler {
    private final SimulatedBatches batches;

    BatchesHandler(Shared shared, SimulatedBatches batches) {
        super("/v1/batches", shared);
        this.batches = batches;
    }

    @Override
    void serve(HttpExchange exchange, String method, String[] parts) throws IOException, ApiException {
        SimulatedBatch batch;
        if (parts.length <= 1 && method.equals("POST")) {
            batch = create(exchange.getRequestBody().readAllBytes());
        } else if (parts.length == 2 && method.equals("GET")) {
            batch = batches.get(parts[1]);
        } else if (parts.length == 3 && parts[2].equals("cancel") && method.equals("POST")) {
            batch = batches.cancel(parts[1]);
        } else {
            throw unknown(exchange);
        }
        sendObject(exchange, batch.toJson(json));
    }

    private SimulatedBatch create(byte[] body) throws ApiException {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            throw new ApiException(ApiError.badRequest("We could not parse the JSON body of your request.", null));
        }
        if (root == null || !root.path("input_file_id").isTextual()) {
            throw new ApiException(ApiError.badRequest("input_file_id is required.", "input_file_id"));
        }
        if (!"/v1/chat/completions".equals(root.path("endpoint").asText())) {
            throw new ApiException(
                    ApiError.badRequest("endpoint must be /v1/chat/completions (simulated server).", "endpoint"));
        }
        String window = root.path("completion_window").asText("");
        if (!window.equals("24h")) {
            throw new ApiException(
                    ApiError.badRequest("completion_window must be 24h but was '" + window + "'", "completion_window"));
        }
        return batches.create(root.get("input_file_id").asText(), window, root.get("metadata"));
    }
}
