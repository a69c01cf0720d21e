package dev.labelpanel.transforms.failures;

import static dev.labelpanel.transforms.Arguments.check;

import dev.labelpanel.schemas.DeadLetter;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Builds {@link DeadLetter} records for one stage, truncating the original payload to a configured size so a
 * giant bad record cannot blow up the dead-letter output.
 */
public final class DeadLetterFactory implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Default number of payload characters kept in a dead letter. */
    public static final int DEFAULT_MAX_PAYLOAD_CHARS = 4096;

    private final String stage;
    private final int maxPayloadChars;

    public DeadLetterFactory(String stage, int maxPayloadChars) {
        check(maxPayloadChars >= 0, "dead-letter payload size must be at least 0 but was %s", maxPayloadChars);
        this.stage = stage;
        this.maxPayloadChars = maxPayloadChars;
    }

    public DeadLetter create(
            String sourceFile, long recordNumber, FailureCategory category, String reason, String payload) {
        String kept = payload;
        boolean truncated = false;
        if (payload != null && payload.length() > maxPayloadChars) {
            int end = maxPayloadChars;
            if (end > 0 && Character.isHighSurrogate(payload.charAt(end - 1))) {
                end--;
            }
            kept = payload.substring(0, end);
            truncated = true;
        }
        return DeadLetter.newBuilder()
                .setSourceFile(sourceFile)
                .setRecordNumber(recordNumber)
                .setStage(stage)
                .setCategory(category.wireName())
                .setReason(reason)
                .setPayload(kept)
                .setPayloadTruncated(truncated)
                .build();
    }

    public DeadLetter create(String sourceFile, long recordNumber, InvalidRecordException e, String payload) {
        return create(sourceFile, recordNumber, e.category(), e.getMessage(), payload);
    }

    /** Decodes bytes for a payload, replacing invalid UTF-8 with U+FFFD; reads at most what will be kept. */
    public String payloadOf(byte[] bytes, int offset, int length) {
        int keep = (int) Math.min(length, (long) maxPayloadChars * 4 + 4);
        try {
            return StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPLACE)
                            .onUnmappableCharacter(CodingErrorAction.REPLACE)
                            .decode(ByteBuffer.wrap(bytes, offset, keep))
                            .toString()
                    + (keep < length ? "\u2026" : "");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalStateException("a REPLACE decoder cannot fail", e);
        }
    }
}
