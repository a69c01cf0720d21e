package dev.labelpanel.pipelines.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.joda.time.Duration;

/** Durations as people write them in configs and on the command line: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}. */
public final class DurationText {
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)");

    private DurationText() {}

    /** Parses {@code text}; {@code what} names the key or option in the error message. */
    public static Duration parse(String text, String what) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    what + " must be a duration such as 500ms, 30s, 2m or 1h but was '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.millis(n);
            case "s" -> Duration.standardSeconds(n);
            case "m" -> Duration.standardMinutes(n);
            default -> Duration.standardHours(n);
        };
        if (d.getMillis() <= 0) {
            throw new IllegalArgumentException(what + " must be longer than 0 but was '" + text + "'");
        }
        return d;
    }

    /** {@code d} as {@link #parse} reads it, in the largest unit that divides it: {@code 1m}, {@code 90s}, {@code 1500ms}. */
    public static String format(Duration d) {
        long ms = d.getMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
