package dev.labelpanel.simulator.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The Batch API: {@code POST /v1/batches} ({@code input_file_id}, {@code endpoint}, {@code completion_window},
 * {@code metadata}), {@code GET /v1/batches?limit=..&after=..} (the list, newest first), {@code GET /v1/batches/{id}}
 * and {@code POST /v1/batches/{id}/cancel}.
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
        if (parts.length <= 1 && method.equals("GET")) {
            sendObject(exchange, list(exchange.getRequestURI().getQuery()));
            return;
        } else if (parts.length <= 1 && method.equals("POST")) {
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

    /** A page of the list: {@code limit} (1 to 100, default 20) batches created before the batch {@code after}. */
    private ObjectNode list(String query) throws ApiException {
        Map<String, String> params = new HashMap<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                params.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
            }
        }
        int limit;
        try {
            limit = Integer.parseInt(params.getOrDefault("limit", "20"));
        } catch (NumberFormatException e) {
            limit = 0;
        }
        if (limit < 1 || limit > 100) {
            throw new ApiException(ApiError.badRequest(
                    "limit must be between 1 and 100 but was '" + params.get("limit") + "'", "limit"));
        }
        SimulatedBatches.Page page = batches.list(limit, params.get("after"));
        ObjectNode node = json.createObjectNode();
        node.put("object", "list");
        ArrayNode data = node.putArray("data");
        page.batches().forEach(b -> data.add(b.toJson(json)));
        node.put(
                "first_id",
                page.batches().isEmpty() ? null : page.batches().get(0).id());
        node.put(
                "last_id",
                page.batches().isEmpty()
                        ? null
                        : page.batches().get(page.batches().size() - 1).id());
        node.put("has_more", page.hasMore());
        return node;
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
