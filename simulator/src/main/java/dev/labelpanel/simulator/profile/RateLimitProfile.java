package dev.labelpanel.simulator.profile;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Provider-style limits per model: requests and tokens per minute (0 = unlimited). Exceeding either gets a 429 with
 * {@code x-ratelimit-*} headers, as OpenAI-compatible providers send.
 */
public record RateLimitProfile(
        @JsonProperty("requests_per_minute") long requestsPerMinute,
        @JsonProperty("tokens_per_minute") long tokensPerMinute) {

    public static RateLimitProfile unlimited() {
        return new RateLimitProfile(0, 0);
    }

    public boolean limitsRequests() {
        return requestsPerMinute > 0;
    }

    public boolean limitsTokens() {
        return tokensPerMinute > 0;
    }

    void validate(String field) {
        Checks.nonNegative(field + ".requests_per_minute", requestsPerMinute);
        Checks.nonNegative(field + ".tokens_per_minute", tokensPerMinute);
    }
}
