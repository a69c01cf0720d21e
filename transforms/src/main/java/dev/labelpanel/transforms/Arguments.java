package dev.labelpanel.transforms;

/**
 * Argument checks with messages that name the value. Guava's {@code Preconditions} would do, but a
 * direct Guava dependency collides with the old Guava the Spark runner puts on the classpath.
 */
public final class Arguments {
    private Arguments() {}

    /** Throws {@link IllegalArgumentException} with the formatted message when {@code condition} is false. */
    public static void check(boolean condition, String messageFormat, Object... args) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(messageFormat, args));
        }
    }
}
