package dev.labelpanel.simulator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.simulator.profile.RateLimitProfile;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void requestsPerMinuteRefillContinuously() {
        RateLimiter limiter = new RateLimiter(new RateLimitProfile(60, 0), now::get);
        for (int i = 0; i < 60; i++) {
            assertTrue(limiter.acquire(10).allowed());
        }
        RateLimiter.Decision refused = limiter.acquire(10);
        assertFalse(refused.allowed());
        assertEquals(1, refused.retryAfterSeconds());
        assertEquals("0", refused.headers().get("x-ratelimit-remaining-requests"));
        assertEquals("60", refused.headers().get("x-ratelimit-limit-requests"));
        now.addAndGet(1_000_000_000L); // one request's worth at 60/min
        assertTrue(limiter.acquire(10).allowed());
    }

    @Test
    void tokensPerMinuteLimit() {
        RateLimiter limiter = new RateLimiter(new RateLimitProfile(0, 1000), now::get);
        assertTrue(limiter.acquire(900).allowed());
        RateLimiter.Decision refused = limiter.acquire(200);
        assertFalse(refused.allowed());
        assertEquals("100", refused.headers().get("x-ratelimit-remaining-tokens"));
        assertEquals(6, refused.retryAfterSeconds()); // 100 missing tokens at 1000/min
    }

    @Test
    void resetDurationsUseOpenAiFormat() {
        assertEquals("17ms", RateLimiter.duration(17_000_000L));
        assertEquals("7s", RateLimiter.duration(6_500_000_000L));
        assertEquals("6m0s", RateLimiter.duration(360_000_000_000L));
    }
}
