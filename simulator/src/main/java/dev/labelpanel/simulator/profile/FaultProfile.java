package dev.labelpanel.simulator.profile;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.EnumMap;
import java.util.Map;

/**
 * Per-attempt fault rates of one model (each a probability; together at most 1) and the {@code Retry-After} a 429
 * carries: {@code retry_after_seconds}, sent as an HTTP date instead of seconds in a share
 * {@code retry_after_http_date_share} of 429s.
 */
public record FaultProfile(
        @JsonProperty("rate_limited") double rateLimited,
        @JsonProperty("server_error") double serverError,
        @JsonProperty("unavailable") double unavailable,
        @JsonProperty("dropped_connection") double droppedConnection,
        @JsonProperty("timeout") double timeout,
        @JsonProperty("malformed_body") double malformedBody,
        @JsonProperty("empty_choices") double emptyChoices,
        @JsonProperty("retry_after_seconds") Long retryAfterSeconds,
        @JsonProperty("retry_after_http_date_share") double retryAfterHttpDateShare) {

    public FaultProfile {
        retryAfterSeconds = retryAfterSeconds == null ? 1L : retryAfterSeconds;
    }

    public static FaultProfile none() {
        return new FaultProfile(0, 0, 0, 0, 0, 0, 0, 1L, 0);
    }

    /** The probability of {@code kind} on any one attempt. */
    public double rate(FaultKind kind) {
        return rates().get(kind);
    }

    /** All rates, in {@link FaultKind} order. */
    public Map<FaultKind, Double> rates() {
        Map<FaultKind, Double> rates = new EnumMap<>(FaultKind.class);
        rates.put(FaultKind.RATE_LIMITED, rateLimited);
        rates.put(FaultKind.SERVER_ERROR, serverError);
        rates.put(FaultKind.UNAVAILABLE, unavailable);
        rates.put(FaultKind.DROPPED_CONNECTION, droppedConnection);
        rates.put(FaultKind.TIMEOUT, timeout);
        rates.put(FaultKind.MALFORMED_BODY, malformedBody);
        rates.put(FaultKind.EMPTY_CHOICES, emptyChoices);
        return rates;
    }

    void validate(String field) {
        double sum = 0;
        for (Map.Entry<FaultKind, Double> rate : rates().entrySet()) {
            sum += Checks.probability(field + "." + rate.getKey().key(), rate.getValue());
        }
        Checks.sumAtMostOne(field, sum);
        Checks.nonNegative(field + ".retry_after_seconds", retryAfterSeconds);
        Checks.probability(field + ".retry_after_http_date_share", retryAfterHttpDateShare);
    }
}
