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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
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

  private static final String OK_BODY = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"test-model\","
      + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"SFW\"},\"finish_reason\":\"stop\"}],"
      + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":1,\"total_tokens\":13}}";

  private MockWebServer server;
  private FakeTime time;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
    time = FakeTime.autoBelow(Duration.ofMinutes(1));
  }

  @AfterEach
  void stop() {
    server.close();
    time.close();
  }

  private HttpLlmClient client(UnaryOperator<LlmEndpoint.Builder> tweak) {
    LlmEndpoint endpoint = tweak.apply(LlmEndpoint.builder("mock", server.url("/v1").toString(), "test-model")
        .maxAttempts(2).deferredAttempts(3).deferredDeadline(Duration.ofMinutes(10))).build();
    return HttpLlmClient.create(endpoint, SharedHttp.base(), ClientEnvironment.system().withTime(time)
        .withRandom(() -> 0.5));
  }

  private void enqueue(int code, int times) {
    for (int i = 0; i < times; i++) {
      server.enqueue(new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json")
          .body(code == 200 ? OK_BODY : "{\"error\":{\"message\":\"overloaded\"}}").build());
    }
  }

  private static CompletableFuture<ChatResult> call(HttpLlmClient client, String text) {
    return client.complete(ChatRequest.of(ChatMessage.user(text)));
  }

  private static Throwable failureOf(CompletableFuture<ChatResult> future) {
    return assertThrows(ExecutionException.class, () -> future.get(20, TimeUnit.SECONDS)).getCause();
  }

  @Test
  void aCallOutOfAttemptsWaitsForAGoodAnswerThenHeals() throws Exception {
    HttpLlmClient client = client(b -> b);
    enqueue(500, 2);
    CompletableFuture<ChatResult> a = call(client, "a");
    time.awaitPending(1); // a's deferred deadline: a is parked
    assertEquals(1, client.deferred());
    assertFalse(a.isDone(), "out of attempts, but not final");
    assertEquals(0, client.inFlight(), "a parked call holds no permit");

    enqueue(200, 2);
    ChatResult b = call(client, "b").get(20, TimeUnit.SECONDS);
    ChatResult healed = a.get(20, TimeUnit.SECONDS);

    assertFalse(b.deferred());
    assertEquals(1, b.attempts());
    assertTrue(healed.deferred());
    assertEquals(3, healed.attempts(), "2 regular attempts, then 1 after b's good answer");
    assertEquals("SFW", healed.content());
    assertEquals(4, server.getRequestCount());
    assertEquals(0, client.deferred());
  }

  @Test
  void aDeferredCallFailsWhenItsDeferredAttemptsAreUsedUp() throws Exception {
    HttpLlmClient client = client(b -> b.deferredAttempts(1));
    enqueue(500, 2);
    CompletableFuture<ChatResult> a = call(client, "a");
    time.awaitPending(1);

    enqueue(200, 1); // b
    enqueue(503, 1); // a's one deferred attempt
    call(client, "b").get(20, TimeUnit.SECONDS);
    LlmCallFailedException e = assertInstanceOf(LlmCallFailedException.class, failureOf(a));

    assertTrue(e.deferred());
    assertEquals(3, e.attempts());
    assertEquals(503, e.lastStatus());
    assertEquals(FailureReason.SERVER_ERROR, e.reason());
    assertTrue(e.getMessage().contains("all 3 attempts failed, 1 of them after the call was deferred"),
        e.getMessage());
  }

  @Test
  void aDeferredCallFailsAtTheDeferredDeadlineWhenTheEndpointNeverRecovers() throws Exception {
    HttpLlmClient client = client(b -> b);
    enqueue(500, 2);
    CompletableFuture<ChatResult> a = call(client, "a");
    time.awaitPending(1);
    time.advance(Duration.ofMinutes(9));
    assertFalse(a.isDone());

    time.advance(Duration.ofMinutes(1));
    LlmCallFailedException e = assertInstanceOf(LlmCallFailedException.class, failureOf(a));
    assertTrue(e.deferred());
    assertEquals(2, e.attempts());
    assertTrue(e.getMessage().contains("the deferred deadline of PT10M passed"), e.getMessage());
    assertEquals(2, server.getRequestCount(), "no attempt without a good answer first");
    assertEquals(0, client.deferred());
  }

  @Test
  void withoutDeferralACallOutOfAttemptsFailsAtOnce() {
    HttpLlmClient client = client(b -> b.deferredAttempts(0));
    enqueue(500, 2);
    LlmCallFailedException e = assertInstanceOf(LlmCallFailedException.class, failureOf(call(client, "a")));
    assertFalse(e.deferred());
    assertEquals(2, e.attempts());
  }

  @Test
  void theBreakerOpensFailsCallsFastThenRecoversThroughOneProbe() throws Exception {
    HttpLlmClient client = client(b -> b.maxAttempts(3).deferredAttempts(0).breakerMinFailures(3)
        .breakerWindow(Duration.ofMillis(500)).breakerCooldown(Duration.ofSeconds(30)));
    enqueue(500, 3);
    assertInstanceOf(LlmCallFailedException.class, failureOf(call(client, "1")));

    EndpointDownException down = assertInstanceOf(EndpointDownException.class, failureOf(call(client, "2")));
    assertTrue(down.getMessage().startsWith("endpoint mock has failed every call for"), down.getMessage());
    assertTrue(down.getMessage().contains("HTTP 500 (overloaded)"), down.getMessage());
    assertEquals(3, server.getRequestCount(), "an open breaker sends nothing");

    time.advance(Duration.ofSeconds(30)); // half-open: the next attempt is the probe, and it fails
    enqueue(500, 1);
    assertInstanceOf(EndpointDownException.class, failureOf(call(client, "3")), "its retry meets an open breaker");
    assertEquals(4, server.getRequestCount(), "one probe");
    assertInstanceOf(EndpointDownException.class, failureOf(call(client, "4")), "open again");
    assertEquals(4, server.getRequestCount());

    time.advance(Duration.ofSeconds(30)); // half-open again: the probe succeeds and closes the breaker
    enqueue(200, 2);
    assertEquals("SFW", call(client, "5").get(20, TimeUnit.SECONDS).content());
    assertEquals("SFW", call(client, "6").get(20, TimeUnit.SECONDS).content());
    assertEquals(6, server.getRequestCount());
  }

  @Test
  void whenTheBreakerOpensParkedCallsFailAtOnce() throws Exception {
    HttpLlmClient client = client(b -> b.breakerMinFailures(3).breakerWindow(Duration.ofMillis(500)));
    enqueue(500, 2);
    CompletableFuture<ChatResult> a = call(client, "a");
    time.awaitPending(1);
    enqueue(500, 2);
    CompletableFuture<ChatResult> b = call(client, "b"); // its first failure is the third: the breaker opens

    assertInstanceOf(EndpointDownException.class, failureOf(a), "a bundle about to fail does not wait 10 minutes");
    assertInstanceOf(EndpointDownException.class, failureOf(b));
    assertEquals(3, server.getRequestCount());
  }
}
