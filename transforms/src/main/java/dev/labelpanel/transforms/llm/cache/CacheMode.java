package dev.labelpanel.transforms.llm.cache;

import dev.labelpanel.transforms.WireName;

/** How a run uses the response cache. */
public enum CacheMode implements WireName {
    /** Answer from the cache when it can, store every new answer (the default). */
    USE,
    /** Never read the cache, but store every answer, replacing older ones ({@code --refresh-cache}). */
    REFRESH,
    /** Neither read nor write ({@code --no-cache}). */
    OFF;

    public boolean reads() {
        return this == USE;
    }

    public boolean writes() {
        return this != OFF;
    }
}
