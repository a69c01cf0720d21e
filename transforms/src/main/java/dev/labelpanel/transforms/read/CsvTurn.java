package dev.labelpanel.transforms.read;

import java.io.Serializable;

/** One valid CSV row: a turn waiting to be grouped with the other rows of its dialogue. */
record CsvTurn(String dialogueId, long turnIndex, String role, String text, String sourceFile, long recordNumber)
        implements Serializable {

    /** Rows of one dialogue are grouped per file, so equal ids in two files stay two dialogues. */
    String groupKey() {
        return sourceFile + '\u0000' + dialogueId;
    }
}
