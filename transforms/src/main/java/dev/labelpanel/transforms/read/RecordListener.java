package dev.labelpanel.transforms.read;

import dev.labelpanel.schemas.DeadLetter;
import dev.labelpanel.schemas.Dialogue;

/** Receives what a file reader makes of each record. */
interface RecordListener {
    void dialogue(Dialogue dialogue);

    void csvTurn(CsvTurn turn);

    void failure(DeadLetter deadLetter);
}
