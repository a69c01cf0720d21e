package dev.labelpanel.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** Exceeding a model's requests per minute gets 429 with provider-style headers. */
class RateLimitTest extends SimulatorTestBase {
    private static final String PROFILE = "models: [{name: m, accuracy: 1, rate_limits: {requests_per_minute: 5}}]";

    RateLimitTest() {
        super(PROFILE);
    }

    @Test
    void exceedingRequestsPerMinuteGets429WithHeaders() throws Exception {
        for (int i = 0; i < 5; i++) {
            try (Response response = client.post(ChatClient.body("m", "user", Prompts.utterance("x" + i)))) {
                assertEquals(200, response.code());
                assertEquals("5", response.header("x-ratelimit-limit-requests"));
                assertEquals(String.valueOf(4 - i), response.header("x-ratelimit-remaining-requests"));
            }
        }
        try (Response response = client.post(ChatClient.body("m", "user", Prompts.utterance("one too many")))) {
            assertEquals(429, response.code());
            assertEquals("0", response.header("x-ratelimit-remaining-requests"));
            assertNotNull(response.header("x-ratelimit-reset-requests"));
            assertEquals(
                    "rate_limit_exceeded",
                    ChatClient.JSON
                            .readTree(response.body().string())
                            .at("/error/code")
                            .asText());
            // 1 request per 12 s at 5/min: the next slot is up to 12 s away.
            int retryAfter = Integer.parseInt(response.header("Retry-After"));
            assertEquals(true, retryAfter >= 1 && retryAfter <= 12, "Retry-After " + retryAfter);
        }
        assertEquals(1, sim.stats().model("m").rateLimited());
        assertEquals(6, sim.stats().model("m").requests());
    }
}
