package dev.labelpanel.transforms.llm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.transforms.llm.LlmEndpoint;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The breaker's states on a clock the test moves by hand (the breaker takes the time as an argument). */
class EndpointBreakerTest {
    private static final long SECOND = 1_000_000_000L;
    private static final LlmEndpoint ENDPOINT = LlmEndpoint.builder("e", "http://localhost:1/v1", "m")
            .breakerWindow(Duration.ofSeconds(60))
            .breakerMinFailures(3)
            .breakerCooldown(Duration.ofSeconds(30))
            .build();

    /** A breaker opened at t = 60 s: 3 failures, no success since t = 0. */
    private static EndpointBreaker opened() {
        EndpointBreaker breaker = new EndpointBreaker(ENDPOINT, 0);
        assertFalse(breaker.failure("server-error: HTTP 500", 10 * SECOND));
        assertFalse(breaker.failure("server-error: HTTP 500", 20 * SECOND));
        assertFalse(breaker.failure("server-error: HTTP 500", 30 * SECOND), "3 failures, but the window is not over");
        assertNull(breaker.admit("e", 59 * SECOND));
        assertTrue(breaker.failure("server-error: HTTP 500", 60 * SECOND), "this failure opens it");
        return breaker;
    }

    @Test
    void anOpenBreakerRefusesEveryAttemptUntilItsCooldownHasPassed() {
        EndpointBreaker breaker = opened();
        String reason = breaker.admit("e", 61 * SECOND);
        assertNotNull(reason);
        assertTrue(reason.startsWith("endpoint e has failed every call for 61 s (4 failed attempts"), reason);
        assertTrue(reason.contains("one probe call will test it in 29000 ms"), reason);
        assertTrue(reason.endsWith("last error: server-error: HTTP 500"), reason);
        assertNotNull(breaker.admit("e", 89 * SECOND));
        assertEquals(EndpointBreaker.State.OPEN, breaker.state(89 * SECOND));
    }

    @Test
    void afterTheCooldownOneProbeGoesOutAndItsSuccessClosesTheBreaker() {
        EndpointBreaker breaker = opened();
        assertEquals(EndpointBreaker.State.HALF_OPEN, breaker.state(90 * SECOND));
        assertNull(breaker.admit("e", 90 * SECOND), "the probe");
        String second = breaker.admit("e", 91 * SECOND);
        assertNotNull(second, "only one probe at a time");
        assertTrue(second.contains("a probe call is testing it now"), second);

        breaker.success(92 * SECOND);
        assertEquals(EndpointBreaker.State.CLOSED, breaker.state(92 * SECOND));
        assertNull(breaker.admit("e", 92 * SECOND));
        assertNull(breaker.admit("e", 92 * SECOND), "closed: everything goes out");
    }

    @Test
    void aFailedProbeOpensTheBreakerForAnotherCooldown() {
        EndpointBreaker breaker = opened();
        assertNull(breaker.admit("e", 90 * SECOND), "the probe");
        assertTrue(breaker.failure("connection: reset", 91 * SECOND), "the probe's failure opens it again");
        assertEquals(EndpointBreaker.State.OPEN, breaker.state(91 * SECOND));
        assertNotNull(breaker.admit("e", 120 * SECOND), "a new cool-down from the probe's failure, until 121 s");
        assertNull(breaker.admit("e", 121 * SECOND), "the next probe");
    }

    @Test
    void aProbeAnsweredWith429ClosesTheBreakerAndA429NeverCountsAsAFailure() {
        EndpointBreaker breaker = opened();
        assertNull(breaker.admit("e", 90 * SECOND));
        breaker.rateLimited(91 * SECOND);
        assertEquals(EndpointBreaker.State.CLOSED, breaker.state(91 * SECOND), "a throttled endpoint is up");

        EndpointBreaker fresh = new EndpointBreaker(ENDPOINT, 0);
        for (int i = 0; i < 100; i++) {
            fresh.rateLimited(i * SECOND);
        }
        assertNull(fresh.admit("e", 100 * SECOND));
    }

    @Test
    void aProbeThatNeverReportsFreesItsSlotAfterACooldown() {
        EndpointBreaker breaker = opened();
        assertNull(breaker.admit("e", 90 * SECOND), "the probe, whose call then ends without an outcome");
        assertNotNull(breaker.admit("e", 119 * SECOND));
        assertNull(breaker.admit("e", 120 * SECOND), "another probe");
    }
}
