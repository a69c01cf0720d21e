package dev.labelpanel.transforms;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An enum whose values are written in data, configs and the run summary by a wire name made from the constant's
 * name: lower case, words joined by {@code -} (or by {@code _} where {@link #wordSeparator()} says so). The wire
 * name is part of the data format: renaming a constant renames what is written.
 */
public interface WireName {
    /** The constant's name; {@link Enum#name()} implements it. */
    String name();

    /** What joins the words of the wire name: {@code -}, or {@code _} for {@link Underscored} names. */
    default char wordSeparator() {
        return '-';
    }

    /** The value as written in data, configs and the run summary, e.g. {@code malformed-json}. */
    default String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', wordSeparator());
    }

    /**
     * The value of {@code values} whose wire name is {@code text} (trimmed, in any case).
     *
     * @param what the name of the thing parsed, for the error: {@code "granularity"}, {@code "output.compression"}
     * @throws IllegalArgumentException naming {@code what}, the wire names and the text when none matches
     */
    static <E extends WireName> E parse(E[] values, String text, String what) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        List<String> names = new ArrayList<>();
        for (E value : values) {
            if (value.wireName().equals(wanted)) {
                return value;
            }
            names.add(value.wireName());
        }
        throw new IllegalArgumentException(
                what + " must be one of " + String.join(", ", names) + " but was '" + text + "'");
    }

    /** A {@link WireName} with its words joined by {@code _}, for names that are run-summary keys. */
    interface Underscored extends WireName {
        @Override
        default char wordSeparator() {
            return '_';
        }
    }
}
