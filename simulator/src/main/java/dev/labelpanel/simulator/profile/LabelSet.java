package dev.labelpanel.simulator.profile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The labels a panel chooses from, in profile order, with the label the lexicon rule assigns to flagged text
 * ({@code positive}) and the one it assigns otherwise ({@code fallback}).
 */
public final class LabelSet {
    private final List<String> names;
    private final Map<String, String> descriptions;
    private final String positive;
    private final String fallback;

    LabelSet(List<LabelDefinition> labels, String positive, String fallback) {
        if (labels == null || labels.size() < 2) {
            throw new ProfileException(
                    "labels must list at least 2 labels but has " + (labels == null ? 0 : labels.size()));
        }
        Map<String, String> byName = new LinkedHashMap<>();
        for (LabelDefinition label : labels) {
            if (label.name() == null || label.name().isBlank()) {
                throw new ProfileException("labels: every label needs a non-blank name");
            }
            if (byName.put(label.name(), label.description()) != null) {
                throw new ProfileException("labels: label '" + label.name() + "' is listed twice");
            }
        }
        this.names = List.copyOf(new ArrayList<>(byName.keySet()));
        this.descriptions = Map.copyOf(byName);
        this.positive = requireMember("positive_label", positive);
        this.fallback = requireMember("default_label", fallback);
        if (this.positive.equals(this.fallback)) {
            throw new ProfileException("positive_label and default_label must differ but both are '" + positive + "'");
        }
    }

    /** The default NSFW/SFW label set of CensorChat. */
    public static LabelSet nsfwSfw() {
        return new LabelSet(
                List.of(
                        new LabelDefinition("NSFW", "pornographic or sexually explicit content"),
                        new LabelDefinition("SFW", "everything else")),
                "NSFW",
                "SFW");
    }

    private String requireMember(String field, String name) {
        if (name == null || !names.contains(name)) {
            throw new ProfileException(field + " must be one of " + names + " but was " + name);
        }
        return name;
    }

    public List<String> names() {
        return names;
    }

    public String description(String name) {
        return descriptions.get(name);
    }

    public boolean contains(String name) {
        return descriptions.containsKey(name);
    }

    public int size() {
        return names.size();
    }

    public int indexOf(String name) {
        return names.indexOf(name);
    }

    public String get(int index) {
        return names.get(index);
    }

    public String positive() {
        return positive;
    }

    public String fallback() {
        return fallback;
    }
}
