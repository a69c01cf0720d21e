package dev.labelpanel.transforms.failures;

/** Machine-readable reason a record became a dead letter. The wire name is what {@code DeadLetter.category} holds. */
public enum FailureCategory {
    /** The record is not valid JSON (or the rest of a JSON array could not be parsed). */
    MALFORMED_JSON("malformed-json"),
    /** The bytes are not valid UTF-8, or the text holds an unpaired surrogate. */
    INVALID_UTF8("invalid-utf8"),
    /** Valid JSON, but none of the supported record shapes. */
    UNKNOWN_SHAPE("unknown-shape"),
    /** A turn's text is missing, null, not a string, or blank. */
    MISSING_TEXT("missing-text"),
    /** A dialogue with no turns at all. */
    EMPTY_DIALOGUE("empty-dialogue"),
    /** A turn's text is longer than the configured maximum. */
    TEXT_TOO_LONG("text-too-long"),
    /** A speaker role that maps to none of user, bot, system. */
    UNKNOWN_ROLE("unknown-role"),
    /** A CSV row without one of the mapped columns, or a file whose header lacks one. */
    MISSING_COLUMN("missing-column"),
    /** A field holds a value of the wrong kind, such as a turn index that is not a number. */
    BAD_VALUE("bad-value"),
    /** A whole file could not be read (not Parquet, wrong schema, I/O error). */
    UNREADABLE_FILE("unreadable-file");

    private final String wireName;

    FailureCategory(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
