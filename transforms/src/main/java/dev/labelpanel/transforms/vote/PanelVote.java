package dev.labelpanel.transforms.vote;

import dev.labelpanel.schemas.Vote;
import dev.labelpanel.transforms.llm.ChatMessage;
import dev.labelpanel.transforms.llm.Labeler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Stage 1: the panel labelers answer the item prompt; the vote rule gives the label, or none. In {@link
 * PanelMode#FULL} every member is asked at once. In {@link PanelMode#ADAPTIVE} members are asked in the ask order,
 * in rounds: each round asks at once the fewest further members whose answers could decide the vote, and asking
 * stops as soon as {@link VoteRule#decided} holds, so the winner (or that there is none) is the one the full panel
 * would give. A member not asked gets a {@link #NOT_ASKED} vote: no label, no call, not a no-vote of its own.
 */
public final class PanelVote {
    /** The {@code no_vote_reason} of a panel member the adaptive panel did not ask. */
    public static final String NOT_ASKED = "not-asked";

    private final List<Labeler> panel;
    private final LabelParser parser;
    private final VoteRule rule;
    private final PanelMode mode;
    private final List<Integer> askOrder;

    public PanelVote(List<Labeler> panel, LabelParser parser, VoteRule rule) {
        this(panel, parser, rule, PanelMode.FULL, List.of());
    }

    /**
     * @param askOrder panel positions in the order an adaptive panel asks them (a permutation of 0..n-1); empty for
     *     panel order
     */
    public PanelVote(List<Labeler> panel, LabelParser parser, VoteRule rule, PanelMode mode, List<Integer> askOrder) {
        if (panel.isEmpty()) {
            throw new IllegalArgumentException("the panel needs at least one labeler");
        }
        this.panel = List.copyOf(panel);
        this.parser = parser;
        this.rule = rule;
        this.mode = mode;
        List<Integer> order = askOrder.isEmpty() ? range(panel.size()) : List.copyOf(askOrder);
        if (!new ArrayList<>(order).stream().sorted().toList().equals(range(panel.size()))) {
            throw new IllegalArgumentException("the ask order must name each of the " + panel.size()
                    + " panel positions once but was " + askOrder);
        }
        this.askOrder = order;
    }

    /** True for the vote of a member the adaptive panel did not ask. */
    public static boolean isNotAsked(Vote vote) {
        return NOT_ASKED.equals(vote.getNoVoteReason());
    }

    /** The panel's votes in panel order (not-asked members included), and their tally. */
    public record Outcome(List<Vote> votes, Tally tally) {}

    /** Asks the panel labelers the prompt {@code promptOf} gives each (labelers may have their own templates). */
    public CompletableFuture<Outcome> ask(Function<String, List<ChatMessage>> promptOf) {
        Vote[] votes = new Vote[panel.size()];
        int first = mode == PanelMode.FULL ? panel.size() : nextRound(List.of(), panel.size());
        return askFrom(promptOf, votes, 0, first);
    }

    /** Asks the members at ask positions {@code [asked, asked + round)}, then decides or asks the next round. */
    private CompletableFuture<Outcome> askFrom(
            Function<String, List<ChatMessage>> promptOf, Vote[] votes, int asked, int round) {
        if (round == 0) {
            return CompletableFuture.completedFuture(finish(votes));
        }
        List<CompletableFuture<Vote>> calls = new ArrayList<>(round);
        for (int i = asked; i < asked + round; i++) {
            Labeler labeler = panel.get(askOrder.get(i));
            calls.add(labeler.ask(promptOf.apply(labeler.name()), labeler.labelMaxTokens())
                    .thenApply(a -> Votes.first(labeler, a, parser)));
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).thenCompose(done -> {
            for (int i = 0; i < round; i++) {
                votes[askOrder.get(asked + i)] = calls.get(i).join();
            }
            int nowAsked = asked + round;
            List<String> soFar = new ArrayList<>(nowAsked);
            for (int i = 0; i < nowAsked; i++) {
                soFar.add(votes[askOrder.get(i)].getLabel());
            }
            int remaining = panel.size() - nowAsked;
            int next = rule.decided(soFar, remaining) ? 0 : nextRound(soFar, remaining);
            return askFrom(promptOf, votes, nowAsked, next);
        });
    }

    /**
     * How many more members to ask at once: the fewest whose answers could decide the vote (all for the current
     * leader, or all no-votes), or all the remaining ones; 0 when the votes so far decide it.
     */
    private int nextRound(List<String> soFar, int remaining) {
        if (rule.decided(soFar, remaining)) {
            return 0;
        }
        String leader = soFar.stream().filter(v -> v != null).findFirst().orElse("a label");
        Tally tally = rule.tally(soFar);
        for (String label : tally.counts().keySet()) {
            if (tally.count(label) > tally.count(leader)) {
                leader = label;
            }
        }
        for (int more = 1; more < remaining; more++) {
            if (rule.decided(extended(soFar, leader, more), remaining - more)
                    || rule.decided(extended(soFar, null, more), remaining - more)) {
                return more;
            }
        }
        return remaining;
    }

    private static List<String> extended(List<String> soFar, String vote, int times) {
        List<String> votes = new ArrayList<>(soFar);
        votes.addAll(Collections.nCopies(times, vote));
        return votes;
    }

    /** The outcome of votes cast earlier, in panel order (not-asked members included). */
    public Outcome outcomeOf(List<Vote> votes) {
        List<String> labels = new ArrayList<>(votes.size());
        int notAsked = 0;
        for (Vote vote : votes) {
            if (isNotAsked(vote)) {
                notAsked++;
            } else {
                labels.add(vote.getLabel());
            }
        }
        return new Outcome(List.copyOf(votes), rule.tally(labels, notAsked));
    }

    private Outcome finish(Vote[] votes) {
        List<String> labels = new ArrayList<>(panel.size());
        int notAsked = 0;
        for (int i = 0; i < votes.length; i++) {
            if (votes[i] == null) {
                votes[i] = notAsked(panel.get(i));
                notAsked++;
            } else {
                labels.add(votes[i].getLabel());
            }
        }
        return new Outcome(List.of(votes), rule.tally(labels, notAsked));
    }

    private static Vote notAsked(Labeler labeler) {
        return Vote.newBuilder()
                .setLabeler(labeler.name())
                .setModel(labeler.model())
                .setNoVoteReason(NOT_ASKED)
                .setAttempts(0)
                .build();
    }

    private static List<Integer> range(int n) {
        List<Integer> r = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            r.add(i);
        }
        return r;
    }
}
