package dev.labelpanel.transforms;

import dev.labelpanel.schemas.DeadLetter;
import dev.labelpanel.schemas.Dialogue;
import dev.labelpanel.schemas.Item;
import dev.labelpanel.schemas.Turn;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Test fixtures and one-line renderings of records, so assertions compare readable strings. */
public final class Fixtures {
    private Fixtures() {}

    /** Absolute path of {@code src/test/resources/fixtures/<name>}. */
    public static String path(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/" + name).toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code id@file#record[count]: role:text | role:text}. */
    public static String describe(Dialogue d) {
        return d.getId() + "@" + fileName(d.getSourceFile()) + "#" + d.getRecordNumber() + "[" + d.getRecordCount()
                + "]: " + d.getTurns().stream().map(Fixtures::describe).collect(Collectors.joining(" | "));
    }

    public static String describe(Turn t) {
        return t.getRole() + ":" + t.getText();
    }

    /** {@code file#record category}. */
    public static String describe(DeadLetter d) {
        return fileName(d.getSourceFile()) + "#" + d.getRecordNumber() + " " + d.getCategory();
    }

    /** {@code granularity role:text <- context (turn N of dialogue)}. */
    public static String describe(Item i) {
        List<Turn> context = i.getContext();
        return i.getGranularity() + " " + i.getRole() + ":" + i.getText()
                + (context == null
                        ? ""
                        : " <- " + context.stream().map(Fixtures::describe).collect(Collectors.joining(" | ")))
                + " (turn " + i.getTurnIndex() + " of " + i.getDialogueId() + ")";
    }

    public static Dialogue dialogue(String id, String... roleAndText) {
        List<Turn> turns = new java.util.ArrayList<>();
        for (int i = 0; i < roleAndText.length; i += 2) {
            turns.add(new Turn(roleAndText[i], roleAndText[i + 1]));
        }
        return Dialogue.newBuilder()
                .setId(id)
                .setSourceFile("/data/" + id + ".jsonl")
                .setRecordNumber(1)
                .setRecordCount(1)
                .setTurns(turns)
                .build();
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
