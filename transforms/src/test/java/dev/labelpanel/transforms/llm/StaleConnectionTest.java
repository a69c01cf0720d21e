package dev.labelpanel.transforms.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.labelpanel.transforms.llm.internal.ClientEnvironment;
import dev.labelpanel.transforms.llm.internal.HttpLlmClient;
import dev.labelpanel.transforms.llm.internal.SharedHttp;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;

/**
 * Pooled connections the server has closed while they sat idle (its keep-alive ran out, it restarted, a proxy dropped
 * them): a request sent on one fails before the server reads it, indistinguishable on the wire from a dropped
 * connection, so it counts as a failed attempt the server never saw. The client then evicts the endpoint's other idle
 * connections, so its retry goes out on a fresh connection instead of failing on the next stale one.
 */
class StaleConnectionTest extends MockServerTest {

    @Test
    void aRetryAfterAStaleConnectionGoesOutOnAFreshOne() throws Exception {
        CountDownLatch bothArrived = new CountDownLatch(2);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                MockResponse.Builder ok = new MockResponse.Builder()
                        .code(200)
                        .addHeader("Content-Type", "application/json")
                        .body(OK_BODY);
                if (bothArrived.getCount() == 0) {
                    return ok.build();
                }
                // The first two requests wait for each other (two connections at once), then each is answered as
                // keep-alive and its connection closed right after: both stay in the client's pool, both stale.
                bothArrived.countDown();
                bothArrived.await(10, TimeUnit.SECONDS);
                return ok.onResponseEnd(new SocketEffect.CloseSocket()).build();
            }
        });
        LlmEndpoint endpoint = LlmEndpoint.builder("mock", server.url("/v1").toString(), "test-model")
                .maxConcurrency(2)
                .maxAttempts(2)
                .deferredAttempts(0)
                .hedgeFraction(0)
                .build();
        HttpLlmClient client = HttpLlmClient.create(endpoint, SharedHttp.base(), ClientEnvironment.system(), 1, 1);
        List<CompletableFuture<ChatResult>> first = List.of(
                client.complete(ChatRequest.of(ChatMessage.user("a"))),
                client.complete(ChatRequest.of(ChatMessage.user("b"))));
        for (CompletableFuture<ChatResult> call : first) {
            assertEquals(1, call.get(20, TimeUnit.SECONDS).attempts());
        }

        ChatResult result =
                client.complete(ChatRequest.of(ChatMessage.user("c"))).get(20, TimeUnit.SECONDS);

        assertEquals(2, result.attempts(), "one attempt lost on a stale connection, the retry on a fresh one");
        assertEquals(3, server.getRequestCount(), "the request sent on the stale connection never reached the server");
    }
}
