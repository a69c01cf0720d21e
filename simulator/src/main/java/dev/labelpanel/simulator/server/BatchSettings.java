package dev.labelpanel.simulator.server;

import java.time.Duration;
import java.util.Set;

/**
 * How the simulated Batch API behaves: each batch is {@code in_progress} for {@code processingTime}, then ends;
 * a share {@code requestErrorRate} of its requests (drawn per request and submission, so a retry can succeed) go to
 * the error file as HTTP 500s; the batches numbered in {@code failBatches} (1 = the first created) end {@code failed}
 * with no output, those in {@code expireBatches} end {@code expired} with their first half answered and the rest in
 * the error file as {@code batch_expired}.
 */
public record BatchSettings(
        Duration processingTime, double requestErrorRate, Set<Integer> failBatches, Set<Integer> expireBatches) {
    /** Batches end at once, every request answered. */
    public static final BatchSettings DEFAULT = new BatchSettings(Duration.ZERO, 0, Set.of(), Set.of());

    public BatchSettings {
        if (processingTime == null || processingTime.isNegative()) {
            throw new IllegalArgumentException("batch processingTime must be >= 0 but was " + processingTime);
        }
        if (!(requestErrorRate >= 0 && requestErrorRate <= 1)) {
            throw new IllegalArgumentException(
                    "batch requestErrorRate must be between 0 and 1 but was " + requestErrorRate);
        }
        failBatches = Set.copyOf(failBatches);
        expireBatches = Set.copyOf(expireBatches);
    }

    public BatchSettings withProcessingTime(Duration time) {
        return new BatchSettings(time, requestErrorRate, failBatches, expireBatches);
    }

    public BatchSettings withRequestErrorRate(double rate) {
        return new BatchSettings(processingTime, rate, failBatches, expireBatches);
    }

    public BatchSettings withFailedBatches(Integer... numbers) {
        return new BatchSettings(processingTime, requestErrorRate, Set.of(numbers), expireBatches);
    }

    public BatchSettings withExpiredBatches(Integer... numbers) {
        return new BatchSettings(processingTime, requestErrorRate, failBatches, Set.of(numbers));
    }
}
