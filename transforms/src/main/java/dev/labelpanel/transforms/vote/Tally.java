package dev.labelpanel.transforms.vote;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of a panel vote: the winning label (null if the rule picked none), the votes per label in order of first
 * vote, and how many panel members gave a valid vote or none.
 */
public record Tally(String winner, Map<String, Integer> counts, int validVotes, int noVotes) implements Serializable {

    public Tally {
        counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }

    /** All votes the panel cast, valid or not. */
    public int panelVotes() {
        return validVotes + noVotes;
    }

    public int count(String label) {
        return counts.getOrDefault(label, 0);
    }

    /** The share of ALL panel votes (no-votes included) naming {@code label}; 0 for an empty panel. */
    public double agreement(String label) {
        return panelVotes() == 0 ? 0.0 : (double) count(label) / panelVotes();
    }

    public boolean hasWinner() {
        return winner != null;
    }
}
