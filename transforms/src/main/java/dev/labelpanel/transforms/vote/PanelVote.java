package dev.labelpanel.transforms.vote;

import dev.labelpanel.schemas.Vote;
import dev.labelpanel.transforms.llm.ChatMessage;
import dev.labelpanel.transforms.llm.Labeler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** Stage 1: every panel labeler answers the item prompt at once; the vote rule gives the label, or none. */
public final class PanelVote {
  private final List<Labeler> panel;
  private final LabelParser parser;
  private final VoteRule rule;

  public PanelVote(List<Labeler> panel, LabelParser parser, VoteRule rule) {
    if (panel.isEmpty()) {
      throw new IllegalArgumentException("the panel needs at least one labeler");
    }
    this.panel = List.copyOf(panel);
    this.parser = parser;
    this.rule = rule;
  }

  /** The panel's votes in panel order, and their tally. */
  public record Outcome(List<Vote> votes, Tally tally) {}

  /** Asks every panel labeler the prompt {@code promptOf} gives it (labelers may have their own templates). */
  public CompletableFuture<Outcome> ask(Function<String, List<ChatMessage>> promptOf) {
    List<CompletableFuture<Vote>> calls = new ArrayList<>(panel.size());
    for (Labeler labeler : panel) {
      calls.add(
          labeler
              .ask(promptOf.apply(labeler.name()), labeler.labelMaxTokens())
              .thenApply(a -> Votes.first(labeler, a, parser)));
    }
    return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
        .thenApply(done -> outcomeOf(calls.stream().map(CompletableFuture::join).toList()));
  }

  /** The outcome of votes cast earlier, in panel order. */
  public Outcome outcomeOf(List<Vote> votes) {
    return new Outcome(votes, rule.tally(votes.stream().map(Vote::getLabel).toList()));
  }
}
