package dev.labelpanel.simulator.scenario;

import dev.labelpanel.simulator.prompt.ChatMessage;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic randomness: every draw comes from a generator seeded by a 64-bit hash of (seed, model, messages),
 * mixed with a salt per purpose (the answer, or one attempt's fault and latency), so a rerun sees identical draws.
 */
final class Draws {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Draws() {}

    /** The identity of a request: equal for identical (seed, model, messages), practically unique otherwise. */
    static long requestKey(long seed, String model, List<ChatMessage> messages) {
        long h = mixIn(FNV_OFFSET, seed);
        h = mixIn(h, model);
        for (ChatMessage message : messages) {
            h = mixIn(h, message.role());
            h = mixIn(h, message.content());
        }
        return finish(h);
    }

    /** A generator for one purpose of one request. */
    static SplittableRandom random(long requestKey, long salt) {
        return new SplittableRandom(finish(requestKey ^ finish(salt + 0x9e3779b97f4a7c15L)));
    }

    private static long mixIn(long h, long value) {
        for (int i = 0; i < 8; i++) {
            h = (h ^ ((value >>> (8 * i)) & 0xff)) * FNV_PRIME;
        }
        return h;
    }

    private static long mixIn(long h, String text) {
        for (int i = 0; i < text.length(); i++) {
            h = (h ^ text.charAt(i)) * FNV_PRIME;
        }
        // A separator, so that ("ab", "c") and ("a", "bc") differ.
        return mixIn(h, (long) text.length());
    }

    /** SplitMix64's finalizer. */
    private static long finish(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
