package dev.labelpanel.simulator.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One batch's state, as {@code GET /v1/batches/{id}} shows it. Guarded by its own monitor. */
final class SimulatedBatch {
    static final String IN_PROGRESS = "in_progress";
    static final String COMPLETED = "completed";
    static final String FAILED = "failed";
    static final String EXPIRED = "expired";
    static final String CANCELLED = "cancelled";

    private final String id;
    private final int number;
    private final String inputFileId;
    private final String completionWindow;
    private final JsonNode metadata;
    private final long createdAt;
    private String status = IN_PROGRESS;
    private long endedAt;
    private String outputFileId;
    private String errorFileId;
    private int total;
    private int completed;
    private int failed;
    private String failure;

    SimulatedBatch(
            String id, int number, String inputFileId, String completionWindow, JsonNode metadata, long createdAt) {
        this.id = id;
        this.number = number;
        this.inputFileId = inputFileId;
        this.completionWindow = completionWindow;
        this.metadata = metadata;
        this.createdAt = createdAt;
    }

    String id() {
        return id;
    }

    int number() {
        return number;
    }

    String inputFileId() {
        return inputFileId;
    }

    synchronized String status() {
        return status;
    }

    synchronized boolean terminal() {
        return !status.equals(IN_PROGRESS);
    }

    /** Ends the batch (unless it was cancelled meanwhile); false if it had already ended. */
    synchronized boolean end(
            String status, long at, String outputFileId, String errorFileId, int total, int completed, int failed) {
        if (terminal()) {
            return false;
        }
        this.status = status;
        this.endedAt = at;
        this.outputFileId = outputFileId;
        this.errorFileId = errorFileId;
        this.total = total;
        this.completed = completed;
        this.failed = failed;
        return true;
    }

    synchronized void fail(long at, String message, int total) {
        if (end(FAILED, at, null, null, total, 0, 0)) {
            this.failure = message;
        }
    }

    synchronized ObjectNode toJson(ObjectMapper json) {
        ObjectNode node = json.createObjectNode();
        node.put("id", id);
        node.put("object", "batch");
        node.put("endpoint", "/v1/chat/completions");
        if (failure == null) {
            node.putNull("errors");
        } else {
            ObjectNode errors = node.putObject("errors");
            errors.put("object", "list");
            ObjectNode error = errors.putArray("data").addObject();
            error.put("code", "simulated_failure");
            error.put("message", failure);
            error.putNull("param");
            error.putNull("line");
        }
        node.put("input_file_id", inputFileId);
        node.put("completion_window", completionWindow);
        node.put("status", status);
        putText(node, "output_file_id", outputFileId);
        putText(node, "error_file_id", errorFileId);
        node.put("created_at", createdAt);
        node.put("in_progress_at", createdAt);
        node.put("expires_at", createdAt + 24 * 3600);
        for (String state : new String[] {COMPLETED, FAILED, EXPIRED, CANCELLED}) {
            if (status.equals(state)) {
                node.put(state + "_at", endedAt);
            } else {
                node.putNull(state + "_at");
            }
        }
        ObjectNode counts = node.putObject("request_counts");
        counts.put("total", total);
        counts.put("completed", completed);
        counts.put("failed", failed);
        node.set("metadata", metadata == null ? json.nullNode() : metadata);
        return node;
    }

    private static void putText(ObjectNode node, String field, String value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }
}
