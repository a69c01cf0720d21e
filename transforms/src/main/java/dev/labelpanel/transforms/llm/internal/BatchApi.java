package dev.labelpanel.transforms.llm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labelpanel.transforms.llm.LlmConfigurationException;
import dev.labelpanel.transforms.llm.LlmEndpoint;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The OpenAI Files and Batch API of one endpoint, called synchronously (from the batch threads, never a DoFn's):
 * upload ({@code POST /files}, {@code purpose=batch}), create ({@code POST /batches}), poll ({@code GET
 * /batches/{id}}), find by metadata ({@code GET /batches?limit=100&after=..}), download ({@code GET
 * /files/{id}/content}) and cancel. A transient failure (I/O, 408, 429, 5xx)
 * is an {@link IOException} for the caller to retry later; any other refusal is an {@link LlmConfigurationException}.
 */
public final class BatchApi {
    /** The {@code url} of every request line, and the batch's {@code endpoint}. */
    public static final String CHAT_PATH = "/v1/chat/completions";

    private static final MediaType JSON = MediaType.get("application/json");
    private static final MediaType JSONL = MediaType.get("application/jsonl");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Batches asked for per page of the list (the most OpenAI allows). */
    private static final int PAGE = 100;

    private final LlmEndpoint endpoint;
    private final OkHttpClient http;
    private final BearerAuthInterceptor auth;
    private final HttpUrl root;

    /** A batch as the provider reports it; file ids are null until there is such a file. */
    public record BatchState(
            String id,
            String status,
            String outputFileId,
            String errorFileId,
            long total,
            long completed,
            long failed) {
        public boolean ended() {
            return status.equals("completed")
                    || status.equals("failed")
                    || status.equals("expired")
                    || status.equals("cancelled");
        }
    }

    public BatchApi(LlmEndpoint endpoint, OkHttpClient base, ClientEnvironment env) {
        this.endpoint = endpoint;
        this.auth = BearerAuthInterceptor.forEndpoint(endpoint, env.envLookup());
        Duration timeout = endpoint.requestTimeout().multipliedBy(2);
        OkHttpClient.Builder builder =
                base.newBuilder().callTimeout(timeout).readTimeout(timeout).writeTimeout(timeout);
        if (auth != null) {
            builder.addInterceptor(auth);
        }
        this.http = builder.build();
        String trimmed = endpoint.baseUrl().endsWith("/")
                ? endpoint.baseUrl().substring(0, endpoint.baseUrl().length() - 1)
                : endpoint.baseUrl();
        this.root = HttpUrl.get(trimmed);
    }

    /** Uploads a JSONL file of requests; returns its file id. */
    public String upload(byte[] jsonl, String filename) throws IOException {
        RequestBody body = new MultipartBody.Builder()
                .setType(MultipartBody.FORM)
                .addFormDataPart("purpose", "batch")
                .addFormDataPart("file", filename, RequestBody.create(jsonl, JSONL))
                .build();
        return json(new Request.Builder().url(url("files")).post(body).build(), "upload a batch file")
                .path("id")
                .asText();
    }

    /** Creates a batch of the uploaded file. */
    public BatchState create(String inputFileId, String completionWindow, Map<String, String> metadata)
            throws IOException {
        ObjectNode request = MAPPER.createObjectNode();
        request.put("input_file_id", inputFileId);
        request.put("endpoint", CHAT_PATH);
        request.put("completion_window", completionWindow);
        ObjectNode meta = request.putObject("metadata");
        metadata.forEach(meta::put);
        RequestBody body = RequestBody.create(MAPPER.writeValueAsBytes(request), JSON);
        return state(json(new Request.Builder().url(url("batches")).post(body).build(), "create a batch"));
    }

    /** The batch's state, or null if the endpoint has no such batch (HTTP 404: e.g. a restarted local server). */
    public BatchState get(String batchId) throws IOException {
        JsonNode node =
                json(new Request.Builder().url(url("batches", batchId)).get().build(), "poll batch " + batchId, true);
        return node == null ? null : state(node);
    }

    /**
     * The batch whose {@code metadata[key]} is {@code value}, or null if there is none among the batches listed
     * before the first one created before {@code notBefore} (the list is newest first, {@value #PAGE} a page).
     */
    public BatchState find(String key, String value, Instant notBefore) throws IOException {
        String after = null;
        while (true) {
            HttpUrl.Builder url = url("batches").newBuilder().addQueryParameter("limit", String.valueOf(PAGE));
            if (after != null) {
                url.addQueryParameter("after", after);
            }
            JsonNode page = json(new Request.Builder().url(url.build()).get().build(), "list batches");
            for (JsonNode batch : page.path("data")) {
                if (value.equals(batch.path("metadata").path(key).asText(null))) {
                    return state(batch);
                }
                if (batch.path("created_at").asLong() < notBefore.getEpochSecond()) {
                    return null;
                }
            }
            after = text(page.path("last_id"));
            if (!page.path("has_more").asBoolean(false) || after == null) {
                return null;
            }
        }
    }

    /** Whether the file {@code fileId} still exists (false for HTTP 404). */
    public boolean fileExists(String fileId) throws IOException {
        return json(new Request.Builder().url(url("files", fileId)).get().build(), "look up file " + fileId, true)
                != null;
    }

    public BatchState cancel(String batchId) throws IOException {
        RequestBody empty = RequestBody.create(new byte[0], JSON);
        return state(json(
                new Request.Builder()
                        .url(url("batches", batchId, "cancel"))
                        .post(empty)
                        .build(),
                "cancel batch " + batchId));
    }

    /** The content of a file (a batch's output or error file). */
    public byte[] content(String fileId) throws IOException {
        Request request =
                new Request.Builder().url(url("files", fileId, "content")).get().build();
        try (Response response = http.newCall(request).execute()) {
            byte[] body =
                    response.body() == null ? new byte[0] : response.body().bytes();
            check(response.code(), body, "download file " + fileId);
            return body;
        }
    }

    private JsonNode json(Request request, String what) throws IOException {
        return json(request, what, false);
    }

    /** The answer's JSON; null for a 404 if {@code notFoundIsNull}. */
    private JsonNode json(Request request, String what, boolean notFoundIsNull) throws IOException {
        try (Response response = http.newCall(request).execute()) {
            if (notFoundIsNull && response.code() == 404) {
                return null;
            }
            byte[] body =
                    response.body() == null ? new byte[0] : response.body().bytes();
            check(response.code(), body, what);
            JsonNode root = MAPPER.readTree(body);
            if (root == null || !root.isObject()) {
                throw new IOException("could not " + what + " at " + endpoint.name() + ": the answer is not JSON");
            }
            return root;
        }
    }

    private void check(int status, byte[] body, String what) throws IOException {
        if (status / 100 == 2) {
            return;
        }
        String where = "could not " + what + " at " + endpoint.name() + " (" + root.host() + ")";
        if (StatusClassifier.transientReason(status) != null) {
            throw new IOException(where + ": HTTP " + status);
        }
        String server = auth == null
                ? CompletionParser.errorMessage(new String(body, java.nio.charset.StandardCharsets.UTF_8))
                : auth.redact(CompletionParser.errorMessage(new String(body, java.nio.charset.StandardCharsets.UTF_8)));
        throw new LlmConfigurationException(
                endpoint.name(),
                where + ": HTTP " + status + (server.isEmpty() ? "" : ". Server said: " + server)
                        + (status == 404 ? " (does the endpoint offer the Batch API? else use mode: online)" : ""),
                status,
                null);
    }

    private static BatchState state(JsonNode node) {
        JsonNode counts = node.path("request_counts");
        return new BatchState(
                node.path("id").asText(),
                node.path("status").asText(""),
                text(node.path("output_file_id")),
                text(node.path("error_file_id")),
                counts.path("total").asLong(),
                counts.path("completed").asLong(),
                counts.path("failed").asLong());
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
    }

    private HttpUrl url(String... segments) {
        HttpUrl.Builder url = root.newBuilder();
        for (String segment : segments) {
            url.addPathSegment(segment);
        }
        return url.build();
    }
}
