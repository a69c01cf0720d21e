package dev.labelpanel.transforms.extract;

import dev.labelpanel.transforms.WireName;

/**
 * What an item is: a single utterance, or a bot reply in the context of the turns before it. The {@link #wireName()}
 * is stored in {@code Item.granularity} and used as the output folder.
 */
public enum Granularity implements WireName {
    UTTERANCE,
    CONTEXT;

    public static Granularity parse(String name) {
        return WireName.parse(values(), name, "granularity");
    }
}
