package dev.labelpanel.transforms.vote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CohenKappaTest {

    /** Two raters' labels from a 2x2 table of counts: both yes, A yes/B no, A no/B yes, both no. */
    private static List<List<String>> table(int yesYes, int yesNo, int noYes, int noNo) {
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        add(a, b, "yes", "yes", yesYes);
        add(a, b, "yes", "no", yesNo);
        add(a, b, "no", "yes", noYes);
        add(a, b, "no", "no", noNo);
        return List.of(a, b);
    }

    private static void add(List<String> a, List<String> b, String x, String y, int n) {
        for (int i = 0; i < n; i++) {
            a.add(x);
            b.add(y);
        }
    }

    @Test
    void matchesTheTextbookExample() {
        // Wikipedia, "Cohen's kappa", first example: po = 0.7, pe = 0.5, kappa = 0.4.
        List<List<String>> t = table(20, 5, 10, 15);
        CohenKappa k = CohenKappa.between(t.get(0), t.get(1));
        assertEquals(0.7, k.observedAgreement(), 1e-12);
        assertEquals(0.5, k.expectedAgreement(), 1e-12);
        assertEquals(0.4, k.kappa(), 1e-12);
        assertEquals(50, k.pairs());
    }

    @Test
    void matchesTheSecondTextbookExample() {
        // Wikipedia, "Cohen's kappa": 45/15/25/15 gives kappa = 0.1304.
        List<List<String>> t = table(45, 15, 25, 15);
        assertEquals(0.1304, CohenKappa.of(t.get(0), t.get(1)), 1e-4);
    }

    @Test
    void skipsPairsWithANoVote() {
        List<String> a = Arrays.asList("NSFW", "SFW", null, "SFW");
        List<String> b = Arrays.asList("NSFW", "SFW", "SFW", null);
        CohenKappa k = CohenKappa.between(a, b);
        assertEquals(2, k.pairs());
        assertEquals(1.0, k.kappa(), 1e-12);
    }

    @Test
    void constantRatersWhoAgreeHaveKappaOne() {
        assertEquals(1.0, CohenKappa.of(List.of("SFW", "SFW", "SFW"), List.of("SFW", "SFW", "SFW")));
    }

    @Test
    void totalDisagreementIsNegative() {
        assertEquals(-1.0, CohenKappa.of(List.of("A", "B"), List.of("B", "A")), 1e-12);
    }

    @Test
    void noUsablePairsIsNaN() {
        assertTrue(Double.isNaN(CohenKappa.of(Arrays.asList("A", null), Arrays.asList(null, "B"))));
    }

    @Test
    void ratersMustLabelTheSameItems() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> CohenKappa.of(List.of("A"), List.of("A", "B")));
        assertEquals("both raters must label the same items but one has 1 labels and the other 2", e.getMessage());
    }
}
