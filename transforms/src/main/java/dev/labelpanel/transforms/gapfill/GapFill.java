package dev.labelpanel.transforms.gapfill;

import dev.labelpanel.schemas.Vote;
import dev.labelpanel.transforms.llm.ChatMessage;
import dev.labelpanel.transforms.llm.Labeler;
import dev.labelpanel.transforms.vote.LabelParser;
import dev.labelpanel.transforms.vote.Votes;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Stage 2: an item the panel could not decide is put to the stronger filler model, whose label then stands. */
public final class GapFill {
    private final Labeler filler;
    private final LabelParser parser;

    public GapFill(Labeler filler, LabelParser parser) {
        this.filler = filler;
        this.parser = parser;
    }

    public String fillerName() {
        return filler.name();
    }

    /** The filler's vote; its label (null for a no-vote) becomes the item's label. */
    public CompletableFuture<Vote> fill(List<ChatMessage> prompt) {
        return filler.ask(prompt, filler.labelMaxTokens()).thenApply(a -> Votes.first(filler, a, parser));
    }
}
