package dev.labelpanel.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labelpanel.simulator.profile.FaultKind;
import dev.labelpanel.simulator.profile.SimulatorProfile;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each fault kind is produced at its configured rate, as a client sees it over real HTTP: status codes, dropped
 * connections, timeouts, cut-off JSON, empty choices. Retries draw faults afresh.
 */
class FaultRatesTest {
    private static final int CALLS = 3000;
    // A timeout fault holds the request well past the client's timeout, and the client's timeout is long enough that
    // an answer slowed down by a busy machine is not taken for a timeout fault (500 ms was not, under load 15).
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration TIMEOUT_FAULT_HANG = Duration.ofSeconds(8);
    private static final String PROFILE = "seed: 5\n"
            + "models:\n"
            + "  - name: flaky\n"
            + "    accuracy: 1.0\n"
            + "    faults: {rate_limited: 0.06, retry_after_seconds: 3, retry_after_http_date_share: 0.5,\n"
            + "             server_error: 0.05, unavailable: 0.04, dropped_connection: 0.03, timeout: 0.02,\n"
            + "             malformed_body: 0.03, empty_choices: 0.02}\n";
    private static final Map<FaultKind, Double> RATES = new EnumMap<>(Map.of(
            FaultKind.RATE_LIMITED,
            0.06,
            FaultKind.SERVER_ERROR,
            0.05,
            FaultKind.UNAVAILABLE,
            0.04,
            FaultKind.DROPPED_CONNECTION,
            0.03,
            FaultKind.TIMEOUT,
            0.02,
            FaultKind.MALFORMED_BODY,
            0.03,
            FaultKind.EMPTY_CHOICES,
            0.02));

    private static LabelerSimulator start() {
        return LabelerSimulator.builder(SimulatorProfile.parse(PROFILE, Path.of(".")))
                .latencyScale(0)
                .timeoutFaultHang(TIMEOUT_FAULT_HANG)
                .start();
    }

    @Test
    void eachFaultAppearsAtItsRate() throws Exception {
        try (LabelerSimulator sim = start()) {
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                bodies.add(ChatClient.body("flaky", "user", Prompts.utterance("item " + i)));
            }
            Map<FaultKind, Integer> seen = new EnumMap<>(FaultKind.class);
            int ok = 0;
            for (ChatClient.Result result : new ChatClient(sim, CLIENT_TIMEOUT).sendAll(bodies)) {
                FaultKind fault = classify(result);
                if (fault == null) {
                    ok++;
                } else {
                    seen.merge(fault, 1, Integer::sum);
                }
            }
            ModelStats stats = sim.stats().model("flaky");
            for (Map.Entry<FaultKind, Double> rate : RATES.entrySet()) {
                int count = seen.getOrDefault(rate.getKey(), 0);
                double sigma = Math.sqrt(CALLS * rate.getValue() * (1 - rate.getValue()));
                assertTrue(
                        Math.abs(count - CALLS * rate.getValue()) <= 5 * sigma,
                        rate.getKey() + ": " + count + " of " + CALLS + ", expected " + CALLS * rate.getValue());
                assertEquals(count, stats.faults(rate.getKey().key()), "server count of " + rate.getKey());
            }
            assertEquals(ok, stats.answers("label"));
            assertEquals(CALLS, stats.requests());
        }
    }

    @Test
    void retriesOfAFaultedCallCanSucceed() throws Exception {
        try (LabelerSimulator sim = start()) {
            ChatClient client = new ChatClient(sim, CLIENT_TIMEOUT);
            String body = ChatClient.body("flaky", "user", Prompts.utterance("the same item every time"));
            int attempts = 0;
            int faulted = 0;
            int succeeded = 0;
            while (succeeded < 50 && attempts < 1000) {
                attempts++;
                ChatClient.Result result = client.sendAll(List.of(body)).get(0);
                if (classify(result) == null) {
                    succeeded++;
                    assertEquals(
                            "SFW",
                            ChatClient.JSON
                                    .readTree(result.body())
                                    .at("/choices/0/message/content")
                                    .asText());
                } else {
                    faulted++;
                }
            }
            assertEquals(50, succeeded);
            assertTrue(faulted > 0, "identical requests must draw faults per attempt");
        }
    }

    /** The fault a client observed, or null for a well-formed answer. */
    static FaultKind classify(ChatClient.Result result) throws IOException {
        if (result.failed()) {
            return result.failure() instanceof InterruptedIOException
                    ? FaultKind.TIMEOUT
                    : FaultKind.DROPPED_CONNECTION;
        }
        switch (result.code()) {
            case 429:
                assertRetryAfter(
                        result.headers().get("Retry-After"), result.headers().get("retry-after-ms"));
                return FaultKind.RATE_LIMITED;
            case 500:
                return FaultKind.SERVER_ERROR;
            case 503:
                return FaultKind.UNAVAILABLE;
            case 200:
                break;
            default:
                throw new AssertionError("Unexpected status " + result.code());
        }
        JsonNode body;
        try {
            body = ChatClient.JSON.readTree(result.body());
        } catch (IOException e) {
            return FaultKind.MALFORMED_BODY;
        }
        return body.get("choices").isEmpty() ? FaultKind.EMPTY_CHOICES : null;
    }

    /** At latency scale 0 no simulated time passes: the profile's 3 s Retry-After is 0, exactly so in ms. */
    private static void assertRetryAfter(String value, String ms) {
        assertEquals("0", ms);
        if (value.matches("\\d+")) {
            assertEquals("0", value);
        } else {
            ZonedDateTime date = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
            assertTrue(date.isAfter(ZonedDateTime.now().minusSeconds(30)), value);
            assertTrue(date.isBefore(ZonedDateTime.now().plusSeconds(10)), value);
        }
    }
}
