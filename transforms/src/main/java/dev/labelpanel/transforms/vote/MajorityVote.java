package dev.labelpanel.transforms.vote;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Counts a panel's votes and applies a {@link VoteRule}. */
public final class MajorityVote {
  private MajorityVote() {}

  /**
   * Tallies {@code votes}, one per panel member: a canonical label, or null for a no-vote (refusal, unparseable, failed
   * call).
   */
  public static Tally tally(List<String> votes, VoteRule rule) {
    Objects.requireNonNull(votes, "votes");
    Objects.requireNonNull(rule, "rule");
    Map<String, Integer> counts = new LinkedHashMap<>();
    int noVotes = 0;
    for (String vote : votes) {
      if (vote == null) {
        noVotes++;
      } else {
        counts.merge(vote, 1, Integer::sum);
      }
    }
    return new Tally(rule.winner(counts, votes.size()), counts, votes.size() - noVotes, noVotes);
  }
}
