package dev.labelpanel.transforms.read;

import static dev.labelpanel.transforms.Arguments.check;

import java.io.Serializable;
import java.util.List;

/** Which CSV columns hold the dialogue id, the turn index, the speaker and the text. One row is one turn. */
public final class CsvColumns implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String dialogueId;
    private final String turnIndex;
    private final String speaker;
    private final String text;

    private CsvColumns(String dialogueId, String turnIndex, String speaker, String text) {
        for (String column : new String[] {dialogueId, turnIndex, speaker, text}) {
            check(column != null && !column.isBlank(), "CSV column names must not be blank but got %s", column);
        }
        this.dialogueId = dialogueId;
        this.turnIndex = turnIndex;
        this.speaker = speaker;
        this.text = text;
    }

    public static CsvColumns of(String dialogueId, String turnIndex, String speaker, String text) {
        return new CsvColumns(dialogueId, turnIndex, speaker, text);
    }

    /** The default mapping: columns named {@code dialogue_id, turn_index, speaker, text}. */
    public static CsvColumns defaults() {
        return of("dialogue_id", "turn_index", "speaker", "text");
    }

    public String dialogueId() {
        return dialogueId;
    }

    public String turnIndex() {
        return turnIndex;
    }

    public String speaker() {
        return speaker;
    }

    public String text() {
        return text;
    }

    List<String> all() {
        return List.of(dialogueId, turnIndex, speaker, text);
    }

    @Override
    public String toString() {
        return "CsvColumns{dialogue_id=" + dialogueId + ", turn_index=" + turnIndex + ", speaker=" + speaker + ", text="
                + text + "}";
    }
}
