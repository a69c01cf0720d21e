package dev.labelpanel.transforms.llm;

import java.util.function.Supplier;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Tests of exact exchanges with a MockWebServer: a new {@code server} per test and, for tests on virtual time, a new
 * {@code time} (null for tests on real time).
 */
abstract class MockServerTest {
    private final Supplier<FakeTime> newTime;

    /** A chat completion of model {@code test-model} answering {@code SFW}, 12 prompt and 1 completion tokens. */
    static final String OK_BODY = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"test-model\","
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"SFW\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":1,\"total_tokens\":13}}";

    protected MockWebServer server;
    protected FakeTime time;

    /** On real time: {@code time} stays null. */
    MockServerTest() {
        this(() -> null);
    }

    MockServerTest(Supplier<FakeTime> newTime) {
        this.newTime = newTime;
    }

    @BeforeEach
    final void startServer() throws Exception {
        server = new MockWebServer();
        server.start();
        time = newTime.get();
    }

    /** An HTTP 429 with {@code Retry-After: retryAfter}; add headers and build. */
    static MockResponse.Builder tooManyRequests(String retryAfter) {
        return new MockResponse.Builder().code(429).addHeader("Retry-After", retryAfter);
    }

    /** For a test that needs other virtual time than its class: closes this test's and uses {@code replacement}. */
    void useTime(FakeTime replacement) {
        time.close();
        time = replacement;
    }

    @AfterEach
    final void stopServer() {
        server.close();
        if (time != null) {
            time.close();
        }
    }
}
