package dev.labelpanel.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import okhttp3.Response;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Exceeding a model's requests per minute gets 429 with provider-style headers, over real HTTP. The minute is
 * simulated time: its length, the {@code x-ratelimit-reset-*} times and the wait before a retry follow the latency
 * scale.
 */
class RateLimitTest {
    private static final String PROFILE = "models: [{name: m, accuracy: 1, rate_limits: {requests_per_minute: 5}}]";

    /** Sends 5 requests (the minute's allowance), each answered, then one too many; returns its response. */
    private static Response exhaust(ChatClient client) throws Exception {
        for (int i = 0; i < 5; i++) {
            try (Response response = client.post(ChatClient.body("m", "user", Prompts.utterance("x" + i)))) {
                assertEquals(200, response.code());
                assertEquals("5", response.header("x-ratelimit-limit-requests"));
                assertEquals(String.valueOf(4 - i), response.header("x-ratelimit-remaining-requests"));
            }
        }
        return client.post(ChatClient.body("m", "user", Prompts.utterance("one too many")));
    }

    @Nested
    class InRealTime extends SimulatorTestBase {
        InRealTime() {
            super(PROFILE, 1);
        }

        @Test
        void exceedingRequestsPerMinuteGets429WithHeaders() throws Exception {
            try (Response response = exhaust(client)) {
                assertEquals(429, response.code());
                assertEquals("0", response.header("x-ratelimit-remaining-requests"));
                assertNotNull(response.header("x-ratelimit-reset-requests"));
                assertEquals(
                        "rate_limit_exceeded",
                        ChatClient.JSON
                                .readTree(response.body().string())
                                .at("/error/code")
                                .asText());
                // 1 request per 12 s at 5/min: the next slot is up to 12 s away, and retry-after-ms says exactly when.
                long ms = Long.parseLong(response.header("retry-after-ms"));
                assertEquals(true, ms > 11_000 && ms <= 12_000, "retry-after-ms " + ms);
                assertEquals("12", response.header("Retry-After"));
            }
            assertEquals(1, sim.stats().model("m").rateLimited());
            assertEquals(6, sim.stats().model("m").requests());
        }
    }

    @Nested
    class Scaled extends SimulatorTestBase {
        Scaled() {
            super(PROFILE, 0.1); // a simulated minute lasts 6 s
        }

        @Test
        void theWaitAndTheResetTimesFollowTheLatencyScale() throws Exception {
            try (Response response = exhaust(client)) {
                assertEquals(429, response.code());
                // 1 request per 12 simulated seconds = 1.2 s; the whole allowance is back within 6 s, not a minute.
                long ms = Long.parseLong(response.header("retry-after-ms"));
                assertEquals(true, ms >= 1 && ms <= 1200, "retry-after-ms " + ms);
                assertEquals(String.valueOf((ms + 999) / 1000), response.header("Retry-After"), "seconds, rounded up");
                assertEquals("6s", response.header("x-ratelimit-reset-requests"));
            }
        }
    }

    @Nested
    class AtLatencyScaleZero extends SimulatorTestBase {
        AtLatencyScaleZero() {
            super(PROFILE, 0);
        }

        @Test
        void noSimulatedTimePassesSoTheLimitNeverRefuses() throws Exception {
            for (int i = 0; i < 20; i++) {
                try (Response response = client.post(ChatClient.body("m", "user", Prompts.utterance("x" + i)))) {
                    assertEquals(200, response.code());
                    assertEquals("4", response.header("x-ratelimit-remaining-requests"));
                    assertEquals("0ms", response.header("x-ratelimit-reset-requests"));
                    assertNull(response.header("Retry-After"));
                }
            }
            assertEquals(0, sim.stats().model("m").rateLimited());
        }
    }
}
