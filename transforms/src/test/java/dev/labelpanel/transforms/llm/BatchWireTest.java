package dev.labelpanel.transforms.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labelpanel.transforms.llm.cache.CacheKey;
import dev.labelpanel.transforms.llm.internal.BatchApi;
import dev.labelpanel.transforms.llm.internal.BatchJournal;
import dev.labelpanel.transforms.llm.internal.BatchLlmClient;
import dev.labelpanel.transforms.llm.internal.ClientEnvironment;
import dev.labelpanel.transforms.llm.internal.SharedHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exact Batch API exchange of a batch-mode client: upload, create, poll (twice), download. */
class BatchWireTest extends MockServerTest {
    private static final String KEY_ENV = "LABELPANEL_TEST_API_KEY";
    private static final String CANARY = "sk-canary-batch-51d0";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<ChatMessage> FIRST =
            List.of(ChatMessage.system("You label text."), ChatMessage.user("a"));
    private static final List<ChatMessage> SECOND =
            List.of(ChatMessage.system("You label text."), ChatMessage.user("b"));

    private final String first = CacheKey.of("id", "test-model", FIRST, 0, 8, null);
    private final String second = CacheKey.of("id", "test-model", SECOND, 0, 8, null);

    @TempDir
    Path journal;

    private static MockResponse json(String body) {
        return new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build();
    }

    private static String batch(String status, String outputFileId) {
        return batch("batch_1", status, outputFileId, 0, null);
    }

    /** A batch object; {@code submission} (if not null) as its metadata's submission id. */
    private static String batch(String id, String status, String outputFileId, long createdAt, String submission) {
        return "{\"id\":\"" + id + "\",\"object\":\"batch\",\"endpoint\":\"/v1/chat/completions\",\"status\":\""
                + status + "\",\"input_file_id\":\"file-in\",\"output_file_id\":"
                + (outputFileId == null ? "null" : "\"" + outputFileId + "\"")
                + ",\"error_file_id\":null,\"created_at\":" + createdAt
                + ",\"request_counts\":{\"total\":2,\"completed\":0,\"failed\":0},\"metadata\":"
                + (submission == null ? "null" : "{\"labelpanel_submission\":\"" + submission + "\"}") + "}";
    }

    private static MockResponse page(boolean hasMore, String... batches) {
        String last = batches.length == 0
                ? "null"
                : "\"" + parse(batches[batches.length - 1]).get("id").asText() + "\"";
        return json("{\"object\":\"list\",\"data\":[" + String.join(",", batches) + "],\"last_id\":" + last
                + ",\"has_more\":" + hasMore + "}");
    }

    private static String outputLine(String customId, String content) {
        return outputMessage(customId, "\"content\":\"" + content + "\"");
    }

    /** An output-file line answering {@code customId} with a message of the given fields (after its role). */
    private static String outputMessage(String customId, String fields) {
        return "{\"id\":\"batch_req_1\",\"custom_id\":\"" + customId + "\",\"response\":{\"status_code\":200,"
                + "\"request_id\":\"r1\",\"body\":{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"m-2024\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\"," + fields
                + "},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":1}}},"
                + "\"error\":null}";
    }

    private BatchLlmClient client() {
        LlmEndpoint endpoint = LlmEndpoint.builder("mock", server.url("/v1").toString(), "test-model")
                .apiKeyEnv(KEY_ENV)
                .maxTokens(8)
                .build();
        BatchSettings settings = new BatchSettings(
                2,
                Duration.ofMinutes(1),
                "24h",
                Duration.ofMillis(10),
                Duration.ofMillis(20),
                0,
                false,
                0,
                journal.toString());
        ClientEnvironment env = ClientEnvironment.system().withEnvLookup(Map.of(KEY_ENV, CANARY)::get);
        return BatchLlmClient.create(
                endpoint, settings, "id", new BatchApi(endpoint, SharedHttp.base(), env), () -> null);
    }

    /** The requests the server received, as {@code METHOD path?query}. */
    private List<String> requests(int count) throws InterruptedException {
        List<String> requests = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            RecordedRequest request = server.takeRequest();
            String query = request.getUrl().encodedQuery();
            requests.add(
                    request.getMethod() + " " + request.getUrl().encodedPath() + (query == null ? "" : "?" + query));
        }
        return requests;
    }

    /** Both calls (of a resumed intent, or batched anew) get the answers of the output file {@code file-out}. */
    private void assertResumedAnswers() throws Exception {
        BatchLlmClient client = client();
        CompletableFuture<ChatResult> a = client.complete(ChatRequest.of(FIRST));
        CompletableFuture<ChatResult> b = client.complete(ChatRequest.of(SECOND));
        assertEquals(
                List.of("NSFW", "SFW"),
                List.of(
                        a.get(20, TimeUnit.SECONDS).content(),
                        b.get(20, TimeUnit.SECONDS).content()));
    }

    /** Journals the intent {@code sub-1} (file {@code file-in}, both requests) with no batch id; returns now. */
    private long intentLeftByAKilledRun() {
        BatchJournal.in(journal).intent("id#test-model", "sub-1", "file-in", List.of(first, second));
        return Instant.now().getEpochSecond();
    }

    /** The newest page of the list, with more to come: a batch of another submission, then {@code second}. */
    private void enqueueFirstPage(String second) {
        server.enqueue(
                page(true, batch("batch_c", "in_progress", null, Instant.now().getEpochSecond(), "sub-other"), second));
    }

    private MockResponse output() {
        return new MockResponse.Builder()
                .code(200)
                .body(outputLine(second, "SFW") + "\n" + outputLine(first, "NSFW") + "\n")
                .build();
    }

    @Test
    void anIntentWithoutBatchIdIsFoundByItsSubmissionIdPageByPageAndPolledNotCreated() throws Exception {
        long now = intentLeftByAKilledRun();
        enqueueFirstPage(batch("batch_b", "completed", null, now, null));
        server.enqueue(page(false, batch("batch_a", "in_progress", null, now, "sub-1")));
        server.enqueue(json(batch("batch_a", "completed", "file-out", now, "sub-1")));
        server.enqueue(output());

        assertResumedAnswers();

        assertEquals(
                List.of(
                        "GET /v1/batches?limit=100",
                        "GET /v1/batches?limit=100&after=batch_b",
                        "GET /v1/batches/batch_a",
                        "GET /v1/files/file-out/content"),
                requests(4));
        assertEquals(4, server.getRequestCount(), "nothing created, nothing uploaded");
        List<JsonNode> recorded = journalLines();
        assertEquals(
                List.of("intent", "submitted", "ended"),
                recorded.stream().map(n -> n.get("event").asText()).toList());
        assertEquals(
                List.of("sub-1", "batch_a"),
                List.of(
                        recorded.get(1).get("submission").asText(),
                        recorded.get(1).get("batch").asText()));
    }

    @Test
    void anIntentTheProviderNeverSawIsCreatedOnceFromItsUploadedFile() throws Exception {
        long now = intentLeftByAKilledRun();
        // Newest first: a batch of another submission, then one from a day before the intent: the search stops there.
        enqueueFirstPage(batch("batch_b", "completed", null, now - 86_400, "sub-older"));
        server.enqueue(json("{\"id\":\"file-in\",\"object\":\"file\",\"purpose\":\"batch\"}"));
        server.enqueue(json(batch("validating", null)));
        server.enqueue(json(batch("completed", "file-out")));
        server.enqueue(output());

        assertResumedAnswers();

        List<String> requests = requests(2);
        RecordedRequest create = server.takeRequest();
        requests.addAll(requests(2));
        assertEquals(
                List.of(
                        "GET /v1/batches?limit=100",
                        "GET /v1/files/file-in",
                        "GET /v1/batches/batch_1",
                        "GET /v1/files/file-out/content"),
                requests);
        assertCreated(create, "sub-1");
        assertEquals(5, server.getRequestCount(), "one list page, one create, no upload");
    }

    /**
     * A provider that creates the batch but answers the create with a 503: the client looks the batch up by the
     * submission id it sent, finds it, and polls it.
     */
    private final class CreatedButAnswered503 extends Dispatcher {
        private volatile String submission;

        @Override
        public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            String query = request.getUrl().encodedQuery();
            String call =
                    request.getMethod() + " " + request.getUrl().encodedPath() + (query == null ? "" : "?" + query);
            long now = Instant.now().getEpochSecond();
            switch (call) {
                case "POST /v1/files":
                    return json("{\"id\":\"file-in\",\"object\":\"file\",\"purpose\":\"batch\"}");
                case "POST /v1/batches":
                    submission = parse(request.getBody().utf8())
                            .path("metadata")
                            .path("labelpanel_submission")
                            .asText();
                    return new MockResponse.Builder().code(503).build();
                case "GET /v1/batches?limit=100":
                    return page(false, batch("batch_1", "in_progress", null, now, submission));
                case "GET /v1/batches/batch_1":
                    return json(batch("batch_1", "completed", "file-out", now, submission));
                case "GET /v1/files/file-out/content":
                    return output();
                default:
                    return new MockResponse.Builder().code(404).build();
            }
        }
    }

    @Test
    void aCreateAnsweredWithAnErrorIsLookedUpAndItsBatchPolledNotCreatedAgain() throws Exception {
        server.setDispatcher(new CreatedButAnswered503());

        assertResumedAnswers();

        assertEquals(
                List.of(
                        "POST /v1/files",
                        "POST /v1/batches",
                        "GET /v1/batches?limit=100",
                        "GET /v1/batches/batch_1",
                        "GET /v1/files/file-out/content"),
                requests(5));
        assertEquals(5, server.getRequestCount(), "one create");
        assertEquals(
                List.of("intent", "submitted", "ended"),
                journalLines().stream().map(n -> n.get("event").asText()).toList());
    }

    @Test
    void aStructuredRefusalInTheOutputFileIsAnswerMarkedRefusedWithItsWords() throws Exception {
        server.enqueue(json("{\"id\":\"file-in\",\"object\":\"file\",\"purpose\":\"batch\"}"));
        server.enqueue(json(batch("validating", null)));
        server.enqueue(json(batch("completed", "file-out")));
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .body(outputMessage(first, "\"content\":null,\"refusal\":\"Declined under the content policy.\"") + "\n"
                        + outputLine(second, "SFW") + "\n")
                .build());
        BatchLlmClient client = client();

        CompletableFuture<ChatResult> a = client.complete(ChatRequest.of(FIRST));
        CompletableFuture<ChatResult> b = client.complete(ChatRequest.of(SECOND));

        ChatResult refused = a.get(20, TimeUnit.SECONDS);
        assertTrue(refused.refused(), refused.toString());
        assertEquals("Declined under the content policy.", refused.content());
        assertFalse(b.get(20, TimeUnit.SECONDS).refused());
    }

    @Test
    void uploadsCreatesPollsAndDownloadsWithTheExactWireFormat() throws Exception {
        server.enqueue(json("{\"id\":\"file-in\",\"object\":\"file\",\"purpose\":\"batch\"}"));
        server.enqueue(json(batch("validating", null)));
        server.enqueue(json(batch("in_progress", null)));
        server.enqueue(json(batch("completed", "file-out")));
        server.enqueue(output());
        BatchLlmClient client = client();

        CompletableFuture<ChatResult> a = client.complete(ChatRequest.of(FIRST));
        CompletableFuture<ChatResult> b = client.complete(ChatRequest.of(SECOND));

        assertEquals("NSFW", a.get(20, TimeUnit.SECONDS).content());
        ChatResult answer = b.get(20, TimeUnit.SECONDS);
        assertEquals(
                List.of("SFW", "stop", 9L, 1L, "m-2024"),
                List.of(
                        answer.content(),
                        answer.finishReason(),
                        answer.promptTokens(),
                        answer.completionTokens(),
                        answer.servedModel()));

        RecordedRequest upload = server.takeRequest();
        assertEquals(
                "POST /v1/files", upload.getMethod() + " " + upload.getUrl().encodedPath());
        assertEquals("Bearer " + CANARY, upload.getHeaders().get("Authorization"));
        String contentType = upload.getHeaders().get("Content-Type");
        assertTrue(contentType.startsWith("multipart/form-data; boundary="), contentType);
        String boundary = contentType.substring(contentType.indexOf('=') + 1);
        String expected = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; "
                + "filename=\"labelpanel-mock-1.jsonl\"\r\nContent-Type: application/jsonl\r\n\r\n"
                + line(first, "a") + "\n" + line(second, "b") + "\n\r\n--" + boundary + "--\r\n";
        assertEquals(expected, upload.getBody().utf8());

        List<JsonNode> recorded = journalLines();
        String submission = recorded.get(0).get("submission").asText();
        assertCreated(server.takeRequest(), submission);
        for (int poll = 0; poll < 2; poll++) {
            RecordedRequest get = server.takeRequest();
            assertEquals(
                    "GET /v1/batches/batch_1",
                    get.getMethod() + " " + get.getUrl().encodedPath());
        }
        RecordedRequest download = server.takeRequest();
        assertEquals(
                "GET /v1/files/file-out/content",
                download.getMethod() + " " + download.getUrl().encodedPath());
        assertEquals("Bearer " + CANARY, download.getHeaders().get("Authorization"));
        assertEquals(5, server.getRequestCount());

        recorded = journalLines();
        assertEquals(
                List.of("intent", "submitted", "ended"),
                recorded.stream().map(n -> n.get("event").asText()).toList());
        assertEquals(List.of(first, second), JSON.convertValue(recorded.get(0).get("keys"), List.class));
        assertEquals("file-in", recorded.get(0).get("file").asText());
        assertEquals(submission, recorded.get(1).get("submission").asText());
        assertEquals("batch_1", recorded.get(1).get("batch").asText());
        assertEquals("batch_1", recorded.get(2).get("batch").asText());
    }

    /** The create request: the uploaded file, the chat endpoint, the window, the labeler and the submission id. */
    private static void assertCreated(RecordedRequest create, String submission) throws Exception {
        assertEquals(
                "POST /v1/batches", create.getMethod() + " " + create.getUrl().encodedPath());
        assertEquals(
                JSON.readTree("{\"input_file_id\":\"file-in\",\"endpoint\":\"/v1/chat/completions\","
                        + "\"completion_window\":\"24h\",\"metadata\":{\"labelpanel_labeler\":\"mock\","
                        + "\"labelpanel_submission\":\"" + submission + "\"}}"),
                JSON.readTree(create.getBody().utf8()));
    }

    private List<JsonNode> journalLines() throws java.io.IOException {
        return Files.readAllLines(journal.resolve("batches.jsonl")).stream()
                .map(BatchWireTest::parse)
                .toList();
    }

    private static String line(String customId, String text) {
        return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\","
                + "\"body\":{\"model\":\"test-model\",\"messages\":[{\"role\":\"system\",\"content\":\"You label text.\"},"
                + "{\"role\":\"user\",\"content\":\"" + text
                + "\"}],\"temperature\":0.0,\"max_tokens\":8,\"stream\":false}}";
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
