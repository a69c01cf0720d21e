package dev.labelpanel.simulator.profile;

/** A simulator profile that cannot be loaded or is invalid; the message names the field, the value and what is allowed. */
public class ProfileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProfileException(String message) {
        super(message);
    }

    public ProfileException(String message, Throwable cause) {
        super(message, cause);
    }
}
