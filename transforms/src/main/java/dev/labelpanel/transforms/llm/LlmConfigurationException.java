package dev.labelpanel.transforms.llm;

/**
 * The endpoint refused the request outright (400, 401, 403, 404) or the client could not be configured (missing API
 * key variable). Not retried: every other call would fail the same way, so let the bundle fail.
 */
public final class LlmConfigurationException extends LlmCallException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public LlmConfigurationException(String endpointName, String message, int status, Throwable cause) {
        super(endpointName, message, cause);
        this.status = status;
    }

    /** The HTTP status, or 0 for a problem found before any request was sent. */
    public int status() {
        return status;
    }
}
