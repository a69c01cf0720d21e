package dev.labelpanel.transforms.extract;

import java.util.Locale;

/** What an item is: a single utterance, or a bot reply in the context of the turns before it. */
public enum Granularity {
    UTTERANCE("utterance"),
    CONTEXT("context");

    private final String wireName;

    Granularity(String wireName) {
        this.wireName = wireName;
    }

    /** The name stored in {@code Item.granularity} and used as the output folder. */
    public String wireName() {
        return wireName;
    }

    public static Granularity parse(String name) {
        for (Granularity g : values()) {
            if (g.wireName.equals(name.trim().toLowerCase(Locale.ROOT))) {
                return g;
            }
        }
        throw new IllegalArgumentException("granularity must be utterance or context but was '" + name + "'");
    }
}
