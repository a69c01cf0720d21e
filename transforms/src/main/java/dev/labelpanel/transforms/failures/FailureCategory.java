package dev.labelpanel.transforms.failures;

import dev.labelpanel.transforms.WireName;

/** Machine-readable reason a record became a dead letter. The wire name is what {@code DeadLetter.category} holds. */
public enum FailureCategory implements WireName {
    /** The record is not valid JSON (or the rest of a JSON array could not be parsed). */
    MALFORMED_JSON,
    /** The bytes are not valid UTF-8, or the text holds an unpaired surrogate. */
    INVALID_UTF8,
    /** Valid JSON, but none of the supported record shapes. */
    UNKNOWN_SHAPE,
    /** A turn's text is missing, null, not a string, or blank. */
    MISSING_TEXT,
    /** A dialogue with no turns at all. */
    EMPTY_DIALOGUE,
    /** A turn's text is longer than the configured maximum. */
    TEXT_TOO_LONG,
    /** A speaker role that maps to none of user, bot, system. */
    UNKNOWN_ROLE,
    /** A CSV row without one of the mapped columns, or a file whose header lacks one. */
    MISSING_COLUMN,
    /** A field holds a value of the wrong kind, such as a turn index that is not a number. */
    BAD_VALUE,
    /** A whole file could not be read (not Parquet, wrong schema, I/O error). */
    UNREADABLE_FILE
}
