package dev.labelpanel.transforms.llm;

/**
 * The endpoint's breaker is open: no call succeeded for the breaker window while many failed. Calls fail at once, so
 * a pipeline stops with this message instead of sending every item to the gap filler.
 */
public final class EndpointDownException extends LlmCallException {
    private static final long serialVersionUID = 1L;

    public EndpointDownException(String endpointName, String message, Throwable cause) {
        super(endpointName, message, cause);
    }
}
