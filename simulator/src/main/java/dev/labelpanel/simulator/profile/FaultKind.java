package dev.labelpanel.simulator.profile;

import com.fasterxml.jackson.annotation.JsonValue;

/** The transport and server failures a simulated model can produce, drawn per attempt. */
public enum FaultKind {
    /** HTTP 429 with {@code Retry-After} (seconds or an HTTP date). */
    RATE_LIMITED("rate_limited"),
    /** HTTP 500 with an OpenAI-style error body. */
    SERVER_ERROR("server_error"),
    /** HTTP 503 with an OpenAI-style error body. */
    UNAVAILABLE("unavailable"),
    /** The connection is closed without any response. */
    DROPPED_CONNECTION("dropped_connection"),
    /** No response within the client's timeout: the server holds the request for the profile's hang time, then drops it. */
    TIMEOUT("timeout"),
    /** HTTP 200 whose JSON body is cut off part way. */
    MALFORMED_BODY("malformed_body"),
    /** HTTP 200 with {@code "choices": []}. */
    EMPTY_CHOICES("empty_choices");

    private final String key;

    FaultKind(String key) {
        this.key = key;
    }

    /** The name used in profiles and in {@code /stats}. */
    @JsonValue
    public String key() {
        return key;
    }
}
