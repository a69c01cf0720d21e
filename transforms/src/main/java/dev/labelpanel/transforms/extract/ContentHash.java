package dev.labelpanel.transforms.extract;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 over a sequence of string parts, each length-prefixed so that part boundaries can't collide. */
public final class ContentHash {
    private final MessageDigest digest;

    private ContentHash() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public static ContentHash create() {
        return new ContentHash();
    }

    public ContentHash add(String part) {
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) ':');
        digest.update(bytes);
        return this;
    }

    /** The first 16 bytes of the digest in lower-case hex (32 characters). */
    public String hex128() {
        byte[] full = digest.digest();
        return HexFormat.of().formatHex(full, 0, 16);
    }

    /** The first 8 bytes of the digest as a number in [0, 1). */
    public double unitInterval() {
        byte[] full = digest.digest();
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (full[i] & 0xff);
        }
        // Top 53 bits give every double in [0, 1) with equal spacing.
        return (bits >>> 11) * 0x1.0p-53;
    }
}
