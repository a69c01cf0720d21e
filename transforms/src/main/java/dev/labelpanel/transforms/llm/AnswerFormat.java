package dev.labelpanel.transforms.llm;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * The shape a request holds its answer to: a {@link Constraint} style (resolved, never {@code auto} or {@code none})
 * over the label names, and whether the answer first explains itself ({@code reasoning}: the self-criticism
 * follow-up, whose JSON is {@code {"reasoning": "...", "label": X}} and whose grammar ends in {@code Final label: X}).
 */
public record AnswerFormat(Constraint style, List<String> labels, boolean reasoning) implements Serializable {
    /** The JSON field that holds the label. */
    public static final String LABEL_FIELD = "label";
    /** The JSON field that holds the self-criticism's reasoning. */
    public static final String REASONING_FIELD = "reasoning";
    /** What the grammar of a reasoning answer puts before its final label. */
    public static final String FINAL_LABEL_PREFIX = "\nFinal label: ";

    public AnswerFormat {
        Objects.requireNonNull(style, "style");
        style = style.resolved();
        if (style == Constraint.NONE) {
            throw new IllegalArgumentException("an answer format needs a constraint style, not none");
        }
        if (labels == null || labels.size() < 2) {
            throw new IllegalArgumentException("an answer format needs at least 2 labels but had " + labels);
        }
        labels = List.copyOf(labels);
    }

    /** A short, stable description for cache keys: style, labels and reasoning. */
    public String describe() {
        return style.wireName() + (reasoning ? "+reasoning" : "") + ":" + String.join("|", labels);
    }
}
