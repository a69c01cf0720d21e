package dev.labelpanel.transforms.vote;

import dev.labelpanel.transforms.Arguments;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * When a panel's votes decide an item's label. Config values: {@code panel-majority}, {@code valid-majority},
 * {@code valid-majority:N} and a positive integer {@code k} (see {@link #parse(String, String)}).
 */
public final class VoteRule implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The default minimum number of valid votes for {@link #validMajority}. */
    public static final int DEFAULT_MIN_VALID_VOTES = 2;

    private enum Kind {
        PANEL_MAJORITY,
        VALID_MAJORITY,
        AT_LEAST
    }

    private final Kind kind;
    private final int threshold;

    private VoteRule(Kind kind, int threshold) {
        this.kind = kind;
        this.threshold = threshold;
    }

    /** A label wins with more than half of all the panel's votes; no-votes count against every label. */
    public static VoteRule panelMajority() {
        return new VoteRule(Kind.PANEL_MAJORITY, 0);
    }

    /** A label wins with more than half of the valid votes, provided there are at least {@code minValidVotes}. */
    public static VoteRule validMajority(int minValidVotes) {
        Arguments.check(
                minValidVotes >= 1, "valid-majority needs at least 1 valid vote but was given %d", minValidVotes);
        return new VoteRule(Kind.VALID_MAJORITY, minValidVotes);
    }

    /** A label wins with at least {@code k} votes and strictly more votes than any other label. */
    public static VoteRule atLeast(int k) {
        Arguments.check(k >= 1, "an at-least vote rule needs k >= 1 but k was %d", k);
        return new VoteRule(Kind.AT_LEAST, k);
    }

    /** {@link #parse(String, String)} for the config key {@code voteRule}. */
    public static VoteRule parse(String value) {
        return parse("voteRule", value);
    }

    /**
     * Reads a config value: {@code panel-majority}, {@code valid-majority} (at least {@value #DEFAULT_MIN_VALID_VOTES}
     * valid votes), {@code valid-majority:N}, or a positive integer k for {@link #atLeast}. {@code key} names the
     * setting in error messages.
     */
    public static VoteRule parse(String key, String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("panel-majority")) {
            return panelMajority();
        }
        if (v.equals("valid-majority")) {
            return validMajority(DEFAULT_MIN_VALID_VOTES);
        }
        if (v.startsWith("valid-majority:")) {
            Integer n = positiveInt(v.substring("valid-majority:".length()));
            Arguments.check(
                    n != null,
                    "%s '%s' must give a positive minimum of valid votes after 'valid-majority:', e.g. valid-majority:3",
                    key,
                    value);
            return validMajority(n);
        }
        Integer k = positiveInt(v);
        Arguments.check(
                k != null,
                "%s must be panel-majority, valid-majority, valid-majority:N (N >= 1 valid votes needed) or a positive"
                        + " integer k (a label needs k votes and more than any other) but was '%s'",
                key,
                value);
        return atLeast(k);
    }

    private static Integer positiveInt(String text) {
        if (!text.matches("\\d{1,9}")) {
            return null;
        }
        int n = Integer.parseInt(text);
        return n >= 1 ? n : null;
    }

    /**
     * Counts {@code votes}, one per panel member — a canonical label, or null for a no-vote (refusal, unparseable, failed
     * call) — and applies this rule.
     */
    public Tally tally(List<String> votes) {
        Objects.requireNonNull(votes, "votes");
        Map<String, Integer> counts = new LinkedHashMap<>();
        int noVotes = 0;
        for (String vote : votes) {
            if (vote == null) {
                noVotes++;
            } else {
                counts.merge(vote, 1, Integer::sum);
            }
        }
        return new Tally(winner(counts, votes.size()), counts, votes.size() - noVotes, noVotes);
    }

    /**
     * As {@link #tally(List)} for a panel of which {@code notAsked} members were not asked (adaptive panel): they count
     * as no-votes for the winner, which equals every completion's winner when {@link #decided} holds, but not in the
     * tally's counts, so {@link Tally#agreement} is the share of the members asked.
     */
    public Tally tally(List<String> votes, int notAsked) {
        Tally asked = tally(votes);
        if (notAsked == 0) {
            return asked;
        }
        return new Tally(
                winner(asked.counts(), votes.size() + notAsked), asked.counts(), asked.validVotes(), asked.noVotes());
    }

    /**
     * True when the outcome — which label wins, or that none does — is the same whatever the {@code remaining} panel
     * members still to answer say, each any label (one seen so far or a new one) or a no-vote. {@code votesSoFar} are
     * the answers in, null for a no-vote. The adaptive panel stops asking once this holds.
     */
    public boolean decided(List<String> votesSoFar, int remaining) {
        Objects.requireNonNull(votesSoFar, "votesSoFar");
        Arguments.check(remaining >= 0, "remaining panel members must be >= 0 but was %d", remaining);
        if (remaining == 0) {
            return true;
        }
        Map<String, Integer> counts = tally(votesSoFar).counts();
        int panel = votesSoFar.size() + remaining;
        String leader = winner(counts, panel);
        if (leader != null) {
            // The leader must win both when the rest give no votes (fewest valid votes) and when they all go to its
            // strongest rival (a label seen so far or a new one): no completion is worse for it.
            String rival = null;
            int rivalCount = 0;
            for (Map.Entry<String, Integer> e : counts.entrySet()) {
                if (!e.getKey().equals(leader) && e.getValue() > rivalCount) {
                    rival = e.getKey();
                    rivalCount = e.getValue();
                }
            }
            Map<String, Integer> rivalGetsAll = new LinkedHashMap<>(counts);
            rivalGetsAll.merge(rival == null ? freshLabel(counts) : rival, remaining, Integer::sum);
            return leader.equals(winner(rivalGetsAll, panel));
        }
        // Nobody wins if the rest give no votes: decided only if no label (seen or new) could win with all the rest.
        List<String> candidates = new java.util.ArrayList<>(counts.keySet());
        candidates.add(freshLabel(counts));
        for (String candidate : candidates) {
            Map<String, Integer> allToCandidate = new LinkedHashMap<>(counts);
            allToCandidate.merge(candidate, remaining, Integer::sum);
            if (winner(allToCandidate, panel) != null) {
                return false;
            }
        }
        return true;
    }

    /** A label name not among {@code counts}' labels. */
    private static String freshLabel(Map<String, Integer> counts) {
        String fresh = "\u0000new";
        while (counts.containsKey(fresh)) {
            fresh += "'";
        }
        return fresh;
    }

    /**
     * The winning label, or null. {@code counts} holds the votes per label, {@code panelVotes} all votes including
     * no-votes.
     */
    String winner(Map<String, Integer> counts, int panelVotes) {
        int valid = counts.values().stream().mapToInt(Integer::intValue).sum();
        String best = null;
        int bestCount = 0;
        boolean tied = false;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() > bestCount) {
                best = e.getKey();
                bestCount = e.getValue();
                tied = false;
            } else if (e.getValue() == bestCount) {
                tied = true;
            }
        }
        if (best == null || tied) {
            return null;
        }
        boolean wins = switch (kind) {
            case PANEL_MAJORITY -> 2 * bestCount > panelVotes;
            case VALID_MAJORITY -> valid >= threshold && 2 * bestCount > valid;
            case AT_LEAST -> bestCount >= threshold;
        };
        return wins ? best : null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VoteRule that && kind == that.kind && threshold == that.threshold;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, threshold);
    }

    /** The config value this rule parses from. */
    @Override
    public String toString() {
        return switch (kind) {
            case PANEL_MAJORITY -> "panel-majority";
            case VALID_MAJORITY -> "valid-majority:" + threshold;
            case AT_LEAST -> Integer.toString(threshold);
        };
    }
}
