package dev.labelpanel.pipelines.student;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tribuo.classification.LabelFactory;

class ScoresTest {
    @Test
    void countsPrecisionRecallAndTheConfusionMatrix() {
        Scores s =
                Scores.of(List.of("NSFW", "NSFW", "SFW", "SFW", "SFW"), List.of("NSFW", "SFW", "NSFW", "SFW", "SFW"));
        assertEquals(0.6, s.accuracy(), 1e-12);
        assertEquals(0.5, s.perLabel().get("NSFW").get("precision"), 1e-12);
        assertEquals(0.5, s.perLabel().get("NSFW").get("recall"), 1e-12);
        assertEquals(2.0 / 3, s.perLabel().get("SFW").get("recall"), 1e-12);
        assertEquals(List.of("NSFW", "SFW"), s.labels());
        assertEquals(1, s.confusion()[0][1]); // an NSFW item predicted SFW
        assertEquals(1, s.confusion()[1][0]);
    }

    @Test
    void contextAndReplyAreSeparateFeatureNamespaces() {
        Set<String> asReply =
                names(StudentFeatures.example(LabelFactory.UNKNOWN_LABEL, 1f, "bot", "hello there", List.of("")));
        Set<String> asContext =
                names(StudentFeatures.example(LabelFactory.UNKNOWN_LABEL, 1f, "bot", "", List.of("hello there")));
        assertNotEquals(Set.of(), asReply);
        assertEquals(Set.of(), intersection(asReply, asContext));
    }

    private static Set<String> names(org.tribuo.Example<?> e) {
        java.util.Set<String> names = new java.util.HashSet<>();
        e.forEach(f -> names.add(f.getName()));
        return names;
    }

    private static Set<String> intersection(Set<String> a, Set<String> b) {
        java.util.Set<String> both = new java.util.HashSet<>(a);
        both.retainAll(b);
        return both;
    }
}
