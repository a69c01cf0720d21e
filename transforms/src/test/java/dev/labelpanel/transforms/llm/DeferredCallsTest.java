package dev.labelpanel.transforms.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.transforms.llm.internal.ClientEnvironment;
import dev.labelpanel.transforms.llm.internal.HttpLlmClient;
import dev.labelpanel.transforms.llm.internal.SharedHttp;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Calls that run out of attempts are deferred until the endpoint answers well again, and the breaker recovers
 * through a probe: exact exchanges with MockWebServer, on virtual time (backoff runs at once; deadlines and
 * cool-downs pass only when the test advances the clock).
 */
class DeferredCallsTest {
    static {
        TestLogging.enableDebug();
    }

    /** Marks a scripted answer that waits until the test releases it: the call stays in flight. */
    private static final int HOLD = -1;

    private MockWebServer server;
    private FakeTime time;
    private final Map<String, Deque<Integer>> scripts = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);

    /** Answers each call by its user text: the statuses scripted for it, in order, then 500. */
    private final class ScriptDispatcher extends Dispatcher {
        @Override
        public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            String body = request.getBody() == null ? "" : request.getBody().utf8();
            Deque<Integer> script = new ArrayDeque<>();
            for (Map.Entry<String, Deque<Integer>> e : scripts.entrySet()) {
                if (body.contains("\"content\":\"" + e.getKey() + "\"")) {
                    script = e.getValue();
                }
            }
            Integer status = script.pollFirst();
            int code = status == null ? 500 : status;
            if (code == HOLD) {
                release.await(30, TimeUnit.SECONDS);
                code = 200;
            }
            return new MockResponse.Builder()
                    .code(code)
                    .addHeader("Content-Type", "application/json")
                    .body(code == 200 ? MockServerTest.OK_BODY : "{\"error\":{\"message\":\"overloaded\"}}")
                    .build();
        }
    }

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.setDispatcher(new ScriptDispatcher());
        server.start();
        time = FakeTime.autoBelow(Duration.ofMinutes(1));
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.close();
        time.close();
    }

    private HttpLlmClient client(UnaryOperator<LlmEndpoint.Builder> tweak) {
        LlmEndpoint endpoint = tweak.apply(
                        LlmEndpoint.builder("mock", server.url("/v1").toString(), "test-model")
                                .maxAttempts(2)
                                .deferredAttempts(3)
                                .deferredDeadline(Duration.ofMinutes(10)))
                .build();
        return HttpLlmClient.create(
                endpoint,
                SharedHttp.base(),
                ClientEnvironment.system().withTime(time).withRandom(() -> 0.5));
    }

    /** Calls with {@code text}, which the server answers with {@code statuses} in order (then 500). */
    private CompletableFuture<ChatResult> call(HttpLlmClient client, String text, Integer... statuses) {
        scripts.put(text, new ArrayDeque<>(List.of(statuses)));
        return client.complete(ChatRequest.of(ChatMessage.user(text)));
    }

    /** Starts a call that stays in flight until {@link #release}: the endpoint is busy, not idle. */
    private CompletableFuture<ChatResult> busy(HttpLlmClient client) throws InterruptedException {
        CompletableFuture<ChatResult> held = call(client, "held", HOLD);
        while (server.getRequestCount() == 0) {
            Thread.onSpinWait();
        }
        return held;
    }

    private static Throwable failureOf(CompletableFuture<ChatResult> future) {
        return assertThrows(ExecutionException.class, () -> future.get(20, TimeUnit.SECONDS))
                .getCause();
    }

    @Test
    void aCallOutOfAttemptsWaitsForAGoodAnswerThenHeals() throws Exception {
        HttpLlmClient client = client(b -> b);
        CompletableFuture<ChatResult> held = busy(client);
        CompletableFuture<ChatResult> a = call(client, "a", 500, 500, 200);
        time.awaitPending(1); // a's deferred deadline: a is parked
        assertEquals(1, client.deferred());
        assertFalse(a.isDone(), "out of attempts, but not final");
        assertEquals(1, client.inFlight(), "only the held call: a parked call holds no permit");
        assertEquals(3, server.getRequestCount());

        release.countDown(); // the held call gets its good answer, and a tries again
        assertFalse(held.get(20, TimeUnit.SECONDS).deferred());
        ChatResult healed = a.get(20, TimeUnit.SECONDS);

        assertTrue(healed.deferred());
        assertEquals(3, healed.attempts(), "2 regular attempts, then 1 after the good answer");
        assertEquals("SFW", healed.content());
        assertEquals(4, server.getRequestCount());
        assertEquals(0, client.deferred());
    }

    @Test
    void aDeferredCallAloneTestsTheIdleEndpointItselfAndFailsWhenItsDeferredAttemptsAreUsedUp() {
        HttpLlmClient client = client(b -> b.deferredAttempts(3));
        LlmCallFailedException e =
                assertInstanceOf(LlmCallFailedException.class, failureOf(call(client, "a", 500, 500, 503, 500, 503)));

        assertTrue(e.deferred());
        assertEquals(5, e.attempts());
        assertEquals(503, e.lastStatus());
        assertEquals(FailureReason.SERVER_ERROR, e.reason());
        assertTrue(
                e.getMessage().contains("all 5 attempts failed, 3 of them after the call was deferred"),
                e.getMessage());
        assertEquals(5, server.getRequestCount());
    }

    @Test
    void aDeferredCallAloneHealsWhenTheIdleEndpointAnswersItsOwnDeferredAttempt() throws Exception {
        ChatResult healed = call(client(b -> b), "a", 500, 429, 500, 200).get(20, TimeUnit.SECONDS);
        assertTrue(healed.deferred());
        assertEquals(4, healed.attempts());
    }

    @Test
    void aParkedCallFailsAtTheDeferredDeadlineWhenNoGoodAnswerComes() throws Exception {
        HttpLlmClient client = client(b -> b);
        busy(client);
        CompletableFuture<ChatResult> a = call(client, "a", 500, 500);
        time.awaitPending(1);
        time.advance(Duration.ofMinutes(9));
        assertFalse(a.isDone());

        time.advance(Duration.ofMinutes(1));
        LlmCallFailedException e = assertInstanceOf(LlmCallFailedException.class, failureOf(a));
        assertTrue(e.deferred());
        assertEquals(2, e.attempts());
        assertTrue(e.getMessage().contains("the deferred deadline of PT10M passed"), e.getMessage());
        assertEquals(3, server.getRequestCount(), "no attempt without a good answer first");
        assertEquals(0, client.deferred());
    }

    @Test
    void withoutDeferralACallOutOfAttemptsFailsAtOnce() {
        HttpLlmClient client = client(b -> b.deferredAttempts(0));
        LlmCallFailedException e =
                assertInstanceOf(LlmCallFailedException.class, failureOf(call(client, "a", 500, 500)));
        assertFalse(e.deferred());
        assertEquals(2, e.attempts());
    }

    @Test
    void theBreakerOpensFailsCallsFastThenRecoversThroughOneProbe() throws Exception {
        HttpLlmClient client = client(b -> b.maxAttempts(3)
                .deferredAttempts(0)
                .breakerMinFailures(3)
                .breakerWindow(Duration.ofMillis(500))
                .breakerCooldown(Duration.ofSeconds(30)));
        assertInstanceOf(LlmCallFailedException.class, failureOf(call(client, "1", 500, 500, 500)));

        EndpointDownException down = assertInstanceOf(EndpointDownException.class, failureOf(call(client, "2", 200)));
        assertTrue(down.getMessage().startsWith("endpoint mock has failed every call for"), down.getMessage());
        assertTrue(down.getMessage().contains("HTTP 500 (overloaded)"), down.getMessage());
        assertEquals(3, server.getRequestCount(), "an open breaker sends nothing");

        time.advance(Duration.ofSeconds(30)); // half-open: the next attempt is the probe, and it fails
        assertInstanceOf(
                EndpointDownException.class,
                failureOf(call(client, "3", 500, 200)),
                "its retry meets the breaker open again");
        assertEquals(4, server.getRequestCount(), "one probe");
        assertInstanceOf(EndpointDownException.class, failureOf(call(client, "4", 200)), "open again");
        assertEquals(4, server.getRequestCount());

        time.advance(Duration.ofSeconds(30)); // half-open again: the probe succeeds and closes the breaker
        assertEquals("SFW", call(client, "5", 200).get(20, TimeUnit.SECONDS).content());
        assertEquals("SFW", call(client, "6", 200).get(20, TimeUnit.SECONDS).content());
        assertEquals(6, server.getRequestCount());
    }

    @Test
    void whenTheBreakerOpensParkedCallsFailAtOnce() throws Exception {
        HttpLlmClient client = client(b -> b.breakerMinFailures(3).breakerWindow(Duration.ofMillis(500)));
        busy(client);
        CompletableFuture<ChatResult> a = call(client, "a", 500, 500);
        time.awaitPending(1);
        CompletableFuture<ChatResult> c = call(client, "c", 500); // the third failure: the breaker opens

        assertInstanceOf(EndpointDownException.class, failureOf(a), "a bundle about to fail does not wait 10 minutes");
        assertInstanceOf(EndpointDownException.class, failureOf(c));
        assertEquals(4, server.getRequestCount());
    }
}
