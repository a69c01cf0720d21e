package dev.labelpanel.transforms.llm.internal;

/**
 * A per-minute allowance refilled continuously. It holds one second's worth (at least one unit) so traffic is spread
 * over the minute instead of spent in one burst, as providers often enforce per-minute limits over shorter periods.
 * A request larger than the bucket waits for a full bucket and leaves it in debt. Not thread-safe; the owner locks.
 */
final class TokenBucket {
    private final double capacity;
    private final double perNano;
    private double available;
    private long updatedNanos;

    TokenBucket(long perMinute, long nowNanos) {
        this.capacity = Math.max(1.0, perMinute / 60.0);
        this.perNano = perMinute / 60e9;
        this.available = capacity;
        this.updatedNanos = nowNanos;
    }

    /** Nanoseconds until {@code amount} can be taken; 0 if now. */
    long nanosUntil(double amount, long nowNanos) {
        refill(nowNanos);
        double needed = Math.min(amount, capacity);
        return available >= needed ? 0 : (long) Math.ceil((needed - available) / perNano);
    }

    void take(double amount, long nowNanos) {
        refill(nowNanos);
        available -= amount;
    }

    /** Returns unused units (negative {@code amount} takes more), never above capacity. */
    void give(double amount) {
        available = Math.min(capacity, available + amount);
    }

    private void refill(long nowNanos) {
        if (nowNanos > updatedNanos) {
            available = Math.min(capacity, available + (nowNanos - updatedNanos) * perNano);
            updatedNanos = nowNanos;
        }
    }
}
