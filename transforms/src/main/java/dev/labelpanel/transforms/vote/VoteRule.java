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
    Arguments.check(minValidVotes >= 1, "valid-majority needs at least 1 valid vote but was given %d", minValidVotes);
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
    boolean wins =
        switch (kind) {
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
