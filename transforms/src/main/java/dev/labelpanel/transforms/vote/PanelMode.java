package dev.labelpanel.transforms.vote;

import dev.labelpanel.transforms.WireName;

/**
 * How the panel is asked ({@code panel_mode}). Both give the same label, {@code label_source}, {@code stage1_label}
 * and calibration for every item; adaptive makes fewer calls.
 */
public enum PanelMode implements WireName {
    /** Every panel member answers every item, all at once (the default). */
    FULL,
    /**
     * Members are asked in the ask order, as many at once as could decide the vote, then more only while
     * {@link VoteRule#decided} says the outcome is open; members never asked are recorded as {@link
     * PanelVote#NOT_ASKED} votes.
     */
    ADAPTIVE
}
