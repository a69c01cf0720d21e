package dev.labelpanel.transforms.extract;

import dev.labelpanel.schemas.Dialogue;
import dev.labelpanel.schemas.Item;
import dev.labelpanel.schemas.Turn;
import dev.labelpanel.transforms.Arguments;
import dev.labelpanel.transforms.read.Roles;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Splits one dialogue into items. System turns are skipped, then consecutive turns by the same speaker are
 * merged (joined by a newline). Every remaining turn gives an {@code utterance} item; every bot turn right after
 * a user turn gives a {@code context} item whose context is the {@code contextTurns} turns before it.
 */
public final class ItemExtractor implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The paper's single-turn pairs: the bot reply with the one user turn before it. */
    public static final int DEFAULT_CONTEXT_TURNS = 1;

    private final int contextTurns;
    private final EnumSet<Granularity> granularities;

    public ItemExtractor(int contextTurns, Set<Granularity> granularities) {
        Arguments.check(
                contextTurns >= 1 && contextTurns <= 64,
                "items.context_turns must be between 1 and 64 but was %s",
                contextTurns);
        Arguments.check(!granularities.isEmpty(), "at least one granularity (utterance, context) is needed");
        this.contextTurns = contextTurns;
        this.granularities = EnumSet.copyOf(granularities);
    }

    /** What extracting items from one dialogue gave, with the counts the run summary reports. */
    public record Outcome(List<Item> items, int systemTurnsSkipped, int turnsMerged, int botTurnsWithoutUserTurn) {}

    public Outcome split(Dialogue dialogue) {
        int systemSkipped = 0;
        int merged = 0;
        List<Turn> turns = new ArrayList<>();
        List<Integer> firstIndex = new ArrayList<>();
        List<Turn> input = dialogue.getTurns();
        for (int i = 0; i < input.size(); i++) {
            Turn turn = input.get(i);
            if (Roles.SYSTEM.equals(turn.getRole())) {
                systemSkipped++;
                continue;
            }
            int last = turns.size() - 1;
            if (last >= 0 && turns.get(last).getRole().equals(turn.getRole())) {
                Turn previous = turns.get(last);
                turns.set(last, new Turn(previous.getRole(), previous.getText() + "\n" + turn.getText()));
                merged++;
            } else {
                turns.add(turn);
                firstIndex.add(i);
            }
        }

        List<Item> items = new ArrayList<>();
        int botWithoutUser = 0;
        for (int t = 0; t < turns.size(); t++) {
            Turn turn = turns.get(t);
            if (granularities.contains(Granularity.UTTERANCE)) {
                items.add(item(dialogue, Granularity.UTTERANCE, turn, null, firstIndex.get(t)));
            }
            if (Roles.BOT.equals(turn.getRole()) && granularities.contains(Granularity.CONTEXT)) {
                if (t > 0 && Roles.USER.equals(turns.get(t - 1).getRole())) {
                    List<Turn> context = List.copyOf(turns.subList(Math.max(0, t - contextTurns), t));
                    items.add(item(dialogue, Granularity.CONTEXT, turn, context, firstIndex.get(t)));
                } else {
                    botWithoutUser++;
                }
            }
        }
        return new Outcome(items, systemSkipped, merged, botWithoutUser);
    }

    private static Item item(Dialogue dialogue, Granularity granularity, Turn turn, List<Turn> context, int turnIndex) {
        String g = granularity.wireName();
        return Item.newBuilder()
                .setItemId(ItemKeys.itemId(g, turn.getText(), context))
                .setDialogueId(dialogue.getId())
                .setGranularity(g)
                .setRole(turn.getRole())
                .setText(turn.getText())
                .setContext(context)
                .setTurnIndex(turnIndex)
                .setSourceFile(dialogue.getSourceFile())
                .setRecordNumber(dialogue.getRecordNumber())
                .setDedupKey(null)
                .setSplit(null)
                .build();
    }
}
