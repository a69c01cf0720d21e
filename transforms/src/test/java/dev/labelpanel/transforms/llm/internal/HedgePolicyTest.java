package dev.labelpanel.transforms.llm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.transforms.llm.LlmEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hedge delay follows the recent p95 latency within its floor and cap; hedges stay within their share. */
class HedgePolicyTest {
    private static final long MS = 1_000_000L;

    private static HedgePolicy policy(double fraction) {
        return new HedgePolicy(LlmEndpoint.builder("e", "http://localhost:1/v1", "m")
                .hedgeFraction(fraction)
                .hedgeMinDelay(Duration.ofMillis(100))
                .hedgeMaxDelay(Duration.ofSeconds(10))
                .build());
    }

    @Test
    void theDelayIsTheRecentP95WithinFloorAndCap() {
        HedgePolicy policy = policy(0.05);
        for (int i = 1; i <= 19; i++) {
            policy.succeeded(i * 10 * MS);
        }
        assertEquals(-1, policy.delayNanos(), "19 latencies are too few to hedge on");
        policy.succeeded(200 * MS); // 10, 20, ..., 190, 200 ms: p95 is the 19th, 190 ms
        assertEquals(190 * MS, policy.delayNanos());
        HedgePolicy fast = policy(0.05);
        HedgePolicy slow = policy(0.05);
        for (int i = 0; i < HedgePolicy.WINDOW; i++) {
            fast.succeeded(MS);
            slow.succeeded(60_000 * MS);
        }
        assertEquals(100 * MS, fast.delayNanos(), "the floor");
        assertEquals(10_000 * MS, slow.delayNanos(), "the cap");
        assertEquals(-1, policy(0).delayNanos(), "hedge_fraction 0: off");
    }

    @Test
    void hedgesStayWithinTheirShareOfCalls() {
        HedgePolicy policy = policy(0.05);
        for (int i = 0; i < 100; i++) {
            policy.callStarted();
        }
        int granted = 0;
        while (policy.reserve()) {
            granted++;
        }
        assertEquals(5, granted);
        policy.unreserve(); // one reserved hedge found no permit
        assertTrue(policy.reserve());
        assertFalse(policy.reserve());
        for (int i = 0; i < 20; i++) {
            policy.callStarted();
        }
        assertTrue(policy.reserve(), "120 calls allow a sixth");
        assertFalse(policy(0).reserve());
    }

    @Test
    void aHedgeTakesTheNextFreePermitAheadOfWaitingAttemptsAndNeverExceedsTheCap() {
        List<String> started = new ArrayList<>();
        AttemptQueue queue = new AttemptQueue(1, new RateBudget(0, 0, 0), TimeSource.SYSTEM);
        queue.submit(attempt("first", started));
        queue.submit(attempt("queued", started));
        queue.submitFirst(attempt("hedge", started));
        assertEquals(List.of("first"), started, "one permit: the others wait");
        queue.release();
        assertEquals(List.of("first", "hedge"), started);
        queue.release();
        assertEquals(List.of("first", "hedge", "queued"), started);
    }

    private static AttemptQueue.Attempt attempt(String name, List<String> started) {
        return new AttemptQueue.Attempt() {
            @Override
            public long estimatedTokens() {
                return 10;
            }

            @Override
            public void start() {
                started.add(name);
            }
        };
    }
}
