package dev.labelpanel.transforms.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.labelpanel.schemas.Turn;
import java.util.List;
import org.junit.jupiter.api.Test;

class ItemKeysTest {
    @Test
    void normalizationIsNfcAndCollapsedWhitespace() {
        assertEquals("café au lait", TextNormalizer.normalize("  cafe\u0301\tau\u00a0\n lait \u200b"));
        assertEquals("hello world", TextNormalizer.normalizeFolded("HeLLo   World"));
    }

    @Test
    void composedAndDecomposedAccentsAreTheSameItem() {
        assertEquals(ItemKeys.itemId("utterance", "caf\u00e9", null), ItemKeys.itemId("utterance", "cafe\u0301", null));
    }

    @Test
    void caseFoldingOnlyChangesTheDedupKey() {
        assertNotEquals(ItemKeys.itemId("utterance", "Hi", null), ItemKeys.itemId("utterance", "hi", null));
        assertEquals(
                ItemKeys.dedupKey("utterance", "Hi", null, true), ItemKeys.dedupKey("utterance", "hi", null, true));
        assertNotEquals(
                ItemKeys.dedupKey("utterance", "Hi", null, false), ItemKeys.dedupKey("utterance", "hi", null, false));
    }

    @Test
    void contextIsPartOfThePairIdentity() {
        List<Turn> a = List.of(new Turn("user", "do you like me?"));
        List<Turn> b = List.of(new Turn("user", "is it raining?"));
        assertNotEquals(ItemKeys.itemId("context", "yes", a), ItemKeys.itemId("context", "yes", b));
    }

    @Test
    void partBoundariesCannotCollide() {
        List<Turn> ab = List.of(new Turn("user", "a b"));
        List<Turn> aThenB = List.of(new Turn("user", "a"), new Turn("user", "b"));
        assertNotEquals(ItemKeys.itemId("context", "x", ab), ItemKeys.itemId("context", "x", aThenB));
    }

    @Test
    void theIdIsTheDocumentedHash() throws Exception {
        // Changing the id definition re-labels every dataset, so the definition is spelled out here: SHA-256 over
        // length-prefixed parts "item/v1", granularity, normalized text (then context size, role, text...),
        // first 16 bytes in hex.
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest("7:item/v19:utterance11:hello world".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String expected = java.util.HexFormat.of().formatHex(digest, 0, 16);
        assertEquals(expected, ItemKeys.itemId("utterance", "  hello\n world ", null));
    }
}
