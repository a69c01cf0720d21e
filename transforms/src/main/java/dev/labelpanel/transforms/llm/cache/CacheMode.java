package dev.labelpanel.transforms.llm.cache;

import java.util.Locale;

/** How a run uses the response cache. */
public enum CacheMode {
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

    public static CacheMode parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cache.mode must be use, refresh or off but was '" + name + "'", e);
        }
    }
}
