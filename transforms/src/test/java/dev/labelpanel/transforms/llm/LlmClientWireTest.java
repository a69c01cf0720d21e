package dev.labelpanel.transforms.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labelpanel.transforms.llm.internal.ClientEnvironment;
import dev.labelpanel.transforms.llm.internal.HttpLlmClient;
import dev.labelpanel.transforms.llm.internal.SharedHttp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;

/** Exact wire exchanges against MockWebServer, with virtual time (no real backoff waits). */
class LlmClientWireTest extends MockServerTest {
    static {
        TestLogging.enableDebug();
    }

    private static final String KEY_ENV = "LABELPANEL_TEST_API_KEY";
    private static final String CANARY = "sk-canary-7f3c9e1d2b";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OK_BODY =
            "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"test-model-2024-07-18\","
                    + "\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"SFW\"},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":1,\"total_tokens\":13}}";

    LlmClientWireTest() {
        super(FakeTime::auto);
    }

    private LlmEndpoint endpoint(UnaryOperator<LlmEndpoint.Builder> tweak) {
        return tweak.apply(LlmEndpoint.builder("mock", server.url("/v1").toString(), "test-model")
                        .apiKeyEnv(KEY_ENV))
                .build();
    }

    private HttpLlmClient client(LlmEndpoint endpoint) {
        ClientEnvironment env = ClientEnvironment.system()
                .withEnvLookup(Map.of(KEY_ENV, CANARY)::get)
                .withTime(time)
                .withRandom(() -> 0.5);
        return HttpLlmClient.create(endpoint, SharedHttp.base(), env);
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder()
                .code(code)
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build();
    }

    private static ChatResult await(CompletableFuture<ChatResult> future) throws Exception {
        return future.get(20, TimeUnit.SECONDS);
    }

    private static Throwable failureOf(CompletableFuture<ChatResult> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(20, TimeUnit.SECONDS));
        return e.getCause();
    }

    private static final ChatRequest REQUEST =
            ChatRequest.of(ChatMessage.system("You label text."), ChatMessage.user("Is this NSFW?"));

    @Test
    void sendsExactRequestJsonAndHeadersAndParsesTheCompletion() throws Exception {
        server.enqueue(json(200, OK_BODY));
        HttpLlmClient client = client(endpoint(b -> b.topP(0.9).temperature(0.2)));

        ChatResult result = await(client.complete(REQUEST.withMaxTokens(5)));

        RecordedRequest recorded = server.takeRequest();
        assertEquals("POST", recorded.getMethod());
        assertEquals("/v1/chat/completions", recorded.getUrl().encodedPath());
        assertEquals("Bearer " + CANARY, recorded.getHeaders().get("Authorization"));
        assertTrue(recorded.getHeaders().get("Content-Type").startsWith("application/json"));
        assertEquals(
                JSON.readTree("{\"model\":\"test-model\",\"messages\":["
                        + "{\"role\":\"system\",\"content\":\"You label text.\"},{\"role\":\"user\",\"content\":\"Is this NSFW?\"}],"
                        + "\"temperature\":0.2,\"max_tokens\":5,\"top_p\":0.9,\"stream\":false}"),
                JSON.readTree(recorded.getBody().utf8()));
        assertEquals(
                new ChatResult(
                        "SFW",
                        false,
                        "stop",
                        12,
                        1,
                        result.latencyMs(),
                        1,
                        false,
                        false,
                        false,
                        "test-model-2024-07-18",
                        "fp_44709d6fcb",
                        List.of()),
                result);
    }

    @Test
    void defaultsOmitTopPAndUseTheEndpointMaxTokens() throws Exception {
        server.enqueue(json(200, OK_BODY));
        await(client(endpoint(b -> b.apiKeyEnv(null))).complete(REQUEST));
        RecordedRequest recorded = server.takeRequest();
        assertEquals(null, recorded.getHeaders().get("Authorization"));
        assertEquals(
                JSON.readTree("{\"model\":\"test-model\",\"messages\":["
                        + "{\"role\":\"system\",\"content\":\"You label text.\"},{\"role\":\"user\",\"content\":\"Is this NSFW?\"}],"
                        + "\"temperature\":0.0,\"max_tokens\":64,\"stream\":false}"),
                JSON.readTree(recorded.getBody().utf8()));
    }

    @Test
    void honoursRetryAfterInSeconds() throws Exception {
        server.enqueue(tooManyRequests("7").build());
        server.enqueue(json(200, OK_BODY));
        List<String> events = new CopyOnWriteArrayList<>();
        LlmCallListener listener = new LlmCallListener() {
            @Override
            public void attemptFailed(
                    LlmEndpoint e, int attempt, FailureReason reason, int status, boolean willRetry, Duration delay) {
                events.add(attempt + " " + reason.category() + " " + status + " " + willRetry + " " + delay);
            }
        };

        ChatResult result = await(client(endpoint(b -> b)).complete(REQUEST, listener));

        assertEquals(2, result.attempts());
        assertEquals(List.of("1 rate-limited 429 true PT7S"), events);
        assertTrue(time.delays().contains(Duration.ofSeconds(7)), "the endpoint paused for 7 s: " + time.delays());
    }

    @Test
    void honoursRetryAfterAsHttpDate() throws Exception {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochMilli(FakeTime.WALL_START_MILLIS)
                .plusSeconds(120)
                .atZone(ZoneOffset.UTC));
        server.enqueue(new MockResponse.Builder()
                .code(503)
                .addHeader("Retry-After", date)
                .build());
        server.enqueue(json(200, OK_BODY));

        ChatResult result = await(client(endpoint(b -> b)).complete(REQUEST));

        assertEquals(2, result.attempts());
        assertEquals(List.of(Duration.ofSeconds(120)), time.delays());
    }

    @Test
    void a429PausesTheWholeEndpointUntilRetryAfter() throws Exception {
        useTime(FakeTime.manual());
        server.enqueue(tooManyRequests("5").build());
        server.enqueue(json(200, OK_BODY));
        server.enqueue(json(200, OK_BODY));
        HttpLlmClient client = client(endpoint(b -> b));
        CountDownLatch firstFailed = new CountDownLatch(1);
        LlmCallListener listener = new LlmCallListener() {
            @Override
            public void attemptFailed(
                    LlmEndpoint e, int attempt, FailureReason reason, int status, boolean willRetry, Duration delay) {
                firstFailed.countDown();
            }
        };

        CompletableFuture<ChatResult> first = client.complete(REQUEST, listener);
        assertTrue(firstFailed.await(20, TimeUnit.SECONDS));
        CompletableFuture<ChatResult> second = client.complete(REQUEST);

        assertEquals(1, server.getRequestCount(), "nothing is sent while the endpoint is paused");
        assertFalse(second.isDone());
        time.advance(Duration.ofSeconds(5));
        assertEquals(2, await(first).attempts());
        assertEquals(1, await(second).attempts());
        assertEquals(3, server.getRequestCount());
    }

    @Test
    void retriesServerErrorsTruncatedBodiesAndEmptyChoices() throws Exception {
        server.enqueue(json(500, "{\"error\":{\"message\":\"boom\"}}"));
        server.enqueue(json(200, OK_BODY));
        server.enqueue(json(200, OK_BODY.substring(0, OK_BODY.length() / 2)));
        server.enqueue(json(200, OK_BODY));
        server.enqueue(
                json(200, "{\"id\":\"c2\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":0}}"));
        server.enqueue(json(200, OK_BODY));
        HttpLlmClient client = client(endpoint(b -> b));

        for (String what : List.of("500", "truncated JSON", "empty choices")) {
            ChatResult result = await(client.complete(REQUEST));
            assertEquals(2, result.attempts(), what);
            assertEquals("SFW", result.content(), what);
        }
    }

    @Test
    void retriesADroppedConnection() throws Exception {
        server.enqueue(new MockResponse.Builder()
                .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
                .build());
        server.enqueue(json(200, OK_BODY));
        assertEquals(2, await(client(endpoint(b -> b)).complete(REQUEST)).attempts());
    }

    @Test
    void exhaustedRetriesFailWithCategoryAttemptsAndLastStatus() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(json(503, "{}"));
        }
        Throwable failure = failureOf(client(endpoint(b -> b.maxAttempts(3))).complete(REQUEST));
        LlmCallFailedException e = assertInstanceOf(LlmCallFailedException.class, failure);
        assertEquals(FailureReason.SERVER_ERROR, e.reason());
        assertEquals("server-error", e.reason().category());
        assertEquals(3, e.attempts());
        assertEquals(503, e.lastStatus());
        assertTrue(e.getMessage().contains("endpoint mock"), e.getMessage());
    }

    @Test
    void unauthorizedFailsFastNamingTheVariableAndNeverLeaksTheKey() throws Exception {
        server.enqueue(json(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + CANARY + "\"}}"));
        server.enqueue(json(403, "{\"error\":{\"message\":\"key " + CANARY + " may not use this model\"}}"));
        HttpLlmClient client = client(endpoint(b -> b));
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setErr(tee);
        System.setOut(tee);
        Throwable unauthorized;
        Throwable forbidden;
        try {
            unauthorized = failureOf(client.complete(REQUEST));
            forbidden = failureOf(client.complete(REQUEST));
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
        }

        for (Throwable t : List.of(unauthorized, forbidden)) {
            LlmConfigurationException e = assertInstanceOf(LlmConfigurationException.class, t);
            assertTrue(e.getMessage().contains("refused the API key"), e.getMessage());
            assertTrue(e.getMessage().contains("check the environment variable " + KEY_ENV), e.getMessage());
            assertTrue(
                    e.getMessage().contains("endpoint mock (" + server.url("/v1/chat/completions") + ")"),
                    e.getMessage());
            for (Throwable c = e; c != null; c = c.getCause()) {
                assertFalse(String.valueOf(c.getMessage()).contains(CANARY), "key in a message");
                assertFalse(c.toString().contains(CANARY), "key in toString");
            }
        }
        assertEquals(2, server.getRequestCount(), "401 and 403 are not retried");
        assertFalse(captured.toString(StandardCharsets.UTF_8).contains(CANARY), "key in the log output");
        assertFalse(client.toString().contains(CANARY));
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("endpoint mock"), "DEBUG log was captured");
    }

    @Test
    void notFoundNamesTheModelAndUrl() {
        server.enqueue(json(404, "{\"error\":{\"message\":\"The model `test-model` does not exist\"}}"));
        Throwable failure = failureOf(client(endpoint(b -> b)).complete(REQUEST));
        LlmConfigurationException e = assertInstanceOf(LlmConfigurationException.class, failure);
        assertEquals(404, e.status());
        assertTrue(e.getMessage().contains("model 'test-model'"), e.getMessage());
        assertTrue(e.getMessage().contains(server.url("/v1/chat/completions").toString()), e.getMessage());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void aMissingKeyVariableIsAConfigurationErrorNamingIt() {
        ClientEnvironment env =
                ClientEnvironment.system().withEnvLookup(name -> null).withTime(time);
        LlmConfigurationException e = assertThrows(
                LlmConfigurationException.class, () -> HttpLlmClient.create(endpoint(b -> b), SharedHttp.base(), env));
        assertTrue(e.getMessage().contains("environment variable " + KEY_ENV + ", but it is not set"), e.getMessage());
    }

    @Test
    void validationNamesTheFieldAndValue() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> endpoint(b -> b.maxConcurrency(0)));
        assertEquals("LlmEndpoint 'mock': maxConcurrency must be between 1 and 1024 but was 0", e.getMessage());
    }

    @Test
    void rateLimitHeadersWithALimitPauseForOneSecondsAllowance() throws Exception {
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .body(OK_BODY)
                .addHeader("x-ratelimit-limit-tokens", "6000")
                .addHeader("x-ratelimit-remaining-tokens", "0")
                .addHeader("x-ratelimit-reset-tokens", "1m0s")
                .build());
        server.enqueue(json(200, OK_BODY));
        HttpLlmClient client = client(endpoint(b -> b));
        await(client.complete(REQUEST));
        await(client.complete(REQUEST));
        assertEquals(List.of(Duration.ofSeconds(1)), time.delays());
    }

    @Test
    void rateLimitHeadersAtZeroPauseTheEndpoint() throws Exception {
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .body(OK_BODY)
                .addHeader("x-ratelimit-remaining-requests", "0")
                .addHeader("x-ratelimit-reset-requests", "6m0s")
                .build());
        server.enqueue(json(200, OK_BODY));
        HttpLlmClient client = client(endpoint(b -> b));
        await(client.complete(REQUEST));
        await(client.complete(REQUEST));
        assertEquals(List.of(Duration.ofMinutes(6)), time.delays());
    }
}
