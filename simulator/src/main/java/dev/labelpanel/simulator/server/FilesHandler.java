package dev.labelpanel.simulator.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Clock;

/**
 * The Files API as the Batch API uses it: {@code POST /v1/files} (multipart: {@code purpose}, {@code file}),
 * {@code GET /v1/files/{id}} and {@code GET /v1/files/{id}/content}.
 */
final class FilesHandler extends ApiHandler {
    private final StoredFiles files;
    private final Clock clock;

    FilesHandler(Shared shared, StoredFiles files, Clock clock) {
        super("/v1/files", shared);
        this.files = files;
        this.clock = clock;
    }

    @Override
    void serve(HttpExchange exchange, String method, String[] parts) throws IOException, ApiException {
        if (parts.length <= 1 && method.equals("POST")) {
            upload(exchange);
        } else if (parts.length == 2 && method.equals("GET")) {
            sendObject(exchange, fileObject(files.get(parts[1])));
        } else if (parts.length == 3 && parts[2].equals("content") && method.equals("GET")) {
            responder.sendBytes(
                    exchange,
                    200,
                    "application/octet-stream",
                    files.get(parts[1]).content());
        } else {
            throw unknown(exchange);
        }
    }

    private void upload(HttpExchange exchange) throws IOException, ApiException {
        MultipartForm form = MultipartForm.parse(
                exchange.getRequestHeaders().getFirst("Content-Type"),
                exchange.getRequestBody().readAllBytes());
        String purpose = form.text("purpose");
        if (!"batch".equals(purpose)) {
            throw new ApiException(ApiError.badRequest("purpose must be 'batch' but was '" + purpose + "'", "purpose"));
        }
        byte[] content = form.fields().get("file");
        if (content == null) {
            throw new ApiException(ApiError.badRequest("The upload has no 'file' field.", "file"));
        }
        String filename = form.filenames().getOrDefault("file", "upload.jsonl");
        StoredFiles.StoredFile file = files.add(purpose, filename, content, clock.millis() / 1000, true);
        sendObject(exchange, fileObject(file));
    }

    private ObjectNode fileObject(StoredFiles.StoredFile file) {
        ObjectNode node = json.createObjectNode();
        node.put("id", file.id());
        node.put("object", "file");
        node.put("bytes", file.content().length);
        node.put("created_at", file.createdAt());
        node.put("filename", file.filename());
        node.put("purpose", file.purpose());
        node.put("status", "processed");
        return node;
    }
}
