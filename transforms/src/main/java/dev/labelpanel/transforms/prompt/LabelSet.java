package dev.labelpanel.transforms.prompt;

import dev.labelpanel.transforms.Arguments;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The labels a panel chooses from, in order, each with a description for the prompt. Names are unique ignoring case,
 * so an answer's {@code nsfw} can be mapped back to the canonical {@code NSFW}.
 */
public final class LabelSet implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One label: its canonical name and the description the prompt gives for it (may be empty). */
    public record Label(String name, String description) implements Serializable {
        public Label {
            Arguments.check(name != null && !name.isBlank(), "a label name must not be blank but was '%s'", name);
            name = name.trim();
            Arguments.check(
                    name.chars().noneMatch(c -> c == '\n' || c == '\r'), "label name '%s' must be a single line", name);
            description = description == null ? "" : description.trim();
        }
    }

    private final List<Label> labels;
    private final List<String> names;
    private final Map<String, String> canonicalByLowerCase;

    private LabelSet(List<Label> labels) {
        Arguments.check(
                labels.size() >= 2, "a label set needs at least 2 labels but has %d: %s", labels.size(), labels);
        Map<String, String> byLowerCase = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (Label label : labels) {
            String previous = byLowerCase.putIfAbsent(lower(label.name()), label.name());
            Arguments.check(
                    previous == null,
                    "label names must be unique ignoring case but '%s' and '%s' clash",
                    previous,
                    label.name());
            names.add(label.name());
        }
        this.labels = List.copyOf(labels);
        this.names = List.copyOf(names);
        this.canonicalByLowerCase = Map.copyOf(byLowerCase);
    }

    public static LabelSet of(List<Label> labels) {
        Objects.requireNonNull(labels, "labels");
        return new LabelSet(labels);
    }

    public static LabelSet of(Label... labels) {
        return of(List.of(labels));
    }

    /** CensorChat's two labels: {@code NSFW} and {@code SFW}. */
    public static LabelSet defaults() {
        return of(
                new Label(
                        "NSFW",
                        "pornographic or sexually explicit content, such as descriptions of sexual acts, sexual propositions"
                                + " or solicitation, and explicit sexual roleplay"),
                new Label(
                        "SFW",
                        "everything else, including romance, affection, and clinical or educational talk about sex without"
                                + " explicit content"));
    }

    public List<Label> labels() {
        return labels;
    }

    /** The canonical label names, in order. */
    public List<String> names() {
        return names;
    }

    public int size() {
        return labels.size();
    }

    /** The position of the label with exactly this canonical name, or -1. */
    public int indexOf(String name) {
        return names.indexOf(name);
    }

    /** The canonical name of the label called {@code name} ignoring case and surrounding whitespace, or null. */
    public String canonical(String name) {
        return name == null ? null : canonicalByLowerCase.get(lower(name.trim()));
    }

    /** The description of the label with this canonical name. */
    public String description(String name) {
        int index = indexOf(name);
        Arguments.check(index >= 0, "label '%s' is not one of %s", name, names);
        return labels.get(index).description();
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LabelSet that && labels.equals(that.labels);
    }

    @Override
    public int hashCode() {
        return labels.hashCode();
    }

    @Override
    public String toString() {
        return names.toString();
    }
}
