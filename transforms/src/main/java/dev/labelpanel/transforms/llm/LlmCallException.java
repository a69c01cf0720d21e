package dev.labelpanel.transforms.llm;

/**
 * A call to an LLM endpoint that did not produce a completion. Messages name the endpoint and its URL, never the key.
 * Catch this family (and only this family) in the labelling DoFns.
 */
public abstract class LlmCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String endpointName;

    protected LlmCallException(String endpointName, String message, Throwable cause) {
        super(message, cause);
        this.endpointName = endpointName;
    }

    public String endpointName() {
        return endpointName;
    }
}
