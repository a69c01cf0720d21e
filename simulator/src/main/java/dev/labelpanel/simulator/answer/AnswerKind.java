package dev.labelpanel.simulator.answer;

import com.fasterxml.jackson.annotation.JsonValue;

/** The shape of a simulated model's answer. */
public enum AnswerKind {
    /** The label name alone, as the prompt asks. */
    LABEL("label"),
    /** A wordy answer ("Label: NSFW, because ...") or one that names more than one label. */
    OFF_FORMAT("off_format"),
    /** A polite refusal to label the item, with {@code finish_reason} {@code stop} or {@code content_filter}. */
    REFUSAL("refusal"),
    /** An answer to a self-criticism follow-up, ending with {@code Final label: X}. */
    CRITIQUE("critique");

    private final String key;

    AnswerKind(String key) {
        this.key = key;
    }

    @JsonValue
    public String key() {
        return key;
    }
}
