package dev.labelpanel.simulator.server;

/** Thrown while reading a request that must be answered with {@link #error()}. */
final class ApiException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient ApiError error;

    ApiException(ApiError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    ApiError error() {
        return error;
    }
}
