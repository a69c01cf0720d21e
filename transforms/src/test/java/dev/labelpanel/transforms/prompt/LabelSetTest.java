package dev.labelpanel.transforms.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelSetTest {
    private final LabelSet labels = LabelSet.defaults();

    @Test
    void defaultsAreNsfwThenSfw() {
        assertEquals(List.of("NSFW", "SFW"), labels.names());
        assertEquals(0, labels.indexOf("NSFW"));
        assertEquals(1, labels.indexOf("SFW"));
        assertEquals(-1, labels.indexOf("nsfw"));
    }

    @Test
    void canonicalIgnoresCaseAndSurroundingSpace() {
        assertEquals("NSFW", labels.canonical(" nsfw "));
        assertEquals("SFW", labels.canonical("Sfw"));
        assertNull(labels.canonical("safe"));
        assertNull(labels.canonical(null));
    }

    @Test
    void namesMustBeUniqueIgnoringCase() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> LabelSet.of(new LabelSet.Label("SFW", "a"), new LabelSet.Label("sfw", "b")));
        assertEquals("label names must be unique ignoring case but 'SFW' and 'sfw' clash", e.getMessage());
    }

    @Test
    void needsTwoLabels() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> LabelSet.of(new LabelSet.Label("SFW", "")));
        assertEquals("a label set needs at least 2 labels but has 1: [Label[name=SFW, description=]]", e.getMessage());
    }

    @Test
    void namesMustNotBeBlank() {
        assertThrows(IllegalArgumentException.class, () -> new LabelSet.Label(" ", "x"));
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(labels);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            LabelSet copy = (LabelSet) in.readObject();
            assertEquals(labels, copy);
            assertEquals("SFW", copy.canonical("sfw"));
        }
    }
}
