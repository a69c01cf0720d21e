package dev.labelpanel.transforms.failures;

/** Thrown by the plain-Java parsers when one input record is bad; the calling DoFn turns it into a dead letter. */
public final class InvalidRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    private final FailureCategory category;

    public InvalidRecordException(FailureCategory category, String reason) {
        super(reason);
        this.category = category;
    }

    public InvalidRecordException(FailureCategory category, String reason, Throwable cause) {
        super(reason, cause);
        this.category = category;
    }

    public FailureCategory category() {
        return category;
    }
}
