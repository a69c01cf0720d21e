package dev.labelpanel.simulator.truth;

/** Where a true label came from, in lookup order. */
public enum TruthSource {
    /** A gold entry for this exact (context, text) pair. */
    GOLD_WITH_CONTEXT,
    /** A gold entry for the text alone. */
    GOLD_TEXT,
    /** No gold entry: the lexicon rule. */
    LEXICON
}
