package dev.labelpanel.transforms.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.transforms.llm.internal.ClientEnvironment;
import dev.labelpanel.transforms.llm.internal.HttpLlmClient;
import dev.labelpanel.transforms.llm.internal.SharedHttp;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;

/**
 * Hedged requests on the wire: an attempt out longer than the hedge delay gets one backup copy, the first answer
 * wins and the slow attempt is cancelled. Virtual time decides when the hedge fires; MockWebServer holds the slow
 * response for a minute of real time, so only cancellation frees its permit in time.
 */
class HedgedRequestsTest extends MockServerTest {
    private static final ChatRequest REQUEST =
            ChatRequest.of(ChatMessage.system("You label text."), ChatMessage.user("Is this NSFW?"));
    /** Calls that fill the latency window before any hedging (HedgePolicy.MIN_SAMPLES). */
    private static final int PRIMING = 20;

    HedgedRequestsTest() {
        // Backoff at once; the 5 s hedge delay waits for advance().
        super(() -> FakeTime.autoBelow(Duration.ofSeconds(1)));
    }

    private HttpLlmClient client(UnaryOperator<LlmEndpoint.Builder> tweak) {
        LlmEndpoint endpoint = tweak.apply(
                        LlmEndpoint.builder("mock", server.url("/v1").toString(), "test-model")
                                .hedgeMinDelay(Duration.ofSeconds(5))
                                .maxConcurrency(2))
                .build();
        return HttpLlmClient.create(
                endpoint, SharedHttp.base(), ClientEnvironment.system().withTime(time));
    }

    private static MockResponse ok() {
        return new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/json")
                .body(OK_BODY)
                .build();
    }

    private static MockResponse slow() {
        return new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/json")
                .body(OK_BODY)
                .headersDelay(60, TimeUnit.SECONDS)
                .build();
    }

    private void prime(HttpLlmClient client) throws Exception {
        for (int i = 0; i < PRIMING; i++) {
            server.enqueue(ok());
            client.complete(REQUEST).get(20, TimeUnit.SECONDS);
            server.takeRequest();
        }
    }

    /** Waits until the fake clock's single task thread has run everything due before (the hedge timer). */
    private void ranAfterTheHedgeTimer() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        time.schedule(ran::countDown, 0);
        assertTrue(ran.await(20, TimeUnit.SECONDS));
    }

    @Test
    void aSlowAttemptIsHedgedTheBackupAnswersAndTheSlowOneIsCancelled() throws Exception {
        HttpLlmClient client = client(b -> b);
        prime(client);
        server.enqueue(slow());
        server.enqueue(ok());

        CompletableFuture<ChatResult> call = client.complete(REQUEST);
        server.takeRequest(); // the attempt is at the server, which holds its answer for 60 s
        time.awaitPending(1); // the hedge timer, at the 5 s floor (the p95 of 0 ms latencies is below it)
        assertEquals(0, client.hedges());
        time.advance(Duration.ofSeconds(5));
        ChatResult result = call.get(20, TimeUnit.SECONDS);

        assertEquals(PRIMING + 2, server.getRequestCount(), "one backup copy, no more");
        assertEquals(1, client.hedges());
        assertTrue(result.hedged());
        assertTrue(result.hedgeWon());
        assertEquals(2, result.attempts(), "the backup copy is an HTTP attempt and counts as one");
        assertEquals("SFW", result.content());
        // max_concurrency 2: both permits were taken by the attempt and its backup. Two more calls can run within 20 s
        // only if the slow attempt was cancelled (its response is 60 s away).
        server.enqueue(ok());
        server.enqueue(ok());
        CompletableFuture<ChatResult> next1 = client.complete(REQUEST);
        CompletableFuture<ChatResult> next2 = client.complete(REQUEST);
        assertEquals(1, next1.get(20, TimeUnit.SECONDS).attempts());
        assertEquals(1, next2.get(20, TimeUnit.SECONDS).attempts());
        assertFalse(next1.get().hedged());
        assertEquals(0, client.inFlight());
    }

    @Test
    void aHedgeNeverExceedsTheConcurrencyCap() throws Exception {
        HttpLlmClient client = client(b -> b.maxConcurrency(1));
        prime(client);
        server.enqueue(slow());

        CompletableFuture<ChatResult> call = client.complete(REQUEST);
        server.takeRequest();
        time.awaitPending(1);
        time.advance(Duration.ofSeconds(5));
        ranAfterTheHedgeTimer();

        assertEquals(1, client.inFlight(), "the only permit is the attempt's");
        assertEquals(1, client.waiting(), "the backup copy waits for the next free permit");
        assertFalse(call.isDone());
        assertEquals(PRIMING + 1, server.getRequestCount(), "nothing more was sent");
    }

    @Test
    void theLoadBoundAllowsHedgesForAtMostTheConfiguredShareOfCalls() throws Exception {
        HttpLlmClient client = client(b -> b.hedgeFraction(0.01)); // 21 calls: 0.21 of a hedge, so none
        prime(client);
        server.enqueue(slow());

        client.complete(REQUEST);
        server.takeRequest();
        time.awaitPending(1);
        time.advance(Duration.ofSeconds(5));
        ranAfterTheHedgeTimer();

        assertEquals(0, client.hedges());
        assertEquals(PRIMING + 1, server.getRequestCount());
    }

    @Test
    void retryAfterMsIsPreferredToRetryAfter() throws Exception {
        useTime(FakeTime.auto());
        server.enqueue(tooManyRequests("1").addHeader("retry-after-ms", "50").build());
        server.enqueue(ok());

        ChatResult result = client(b -> b).complete(REQUEST).get(20, TimeUnit.SECONDS);

        assertEquals(1, result.attempts() - 1);
        assertTrue(time.delays().contains(Duration.ofMillis(50)), "paused for retry-after-ms: " + time.delays());
        assertFalse(time.delays().contains(Duration.ofSeconds(1)), "not for Retry-After: " + time.delays());
    }
}
