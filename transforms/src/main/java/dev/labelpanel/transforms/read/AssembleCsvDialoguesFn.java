package dev.labelpanel.transforms.read;

import dev.labelpanel.schemas.Dialogue;
import dev.labelpanel.schemas.Turn;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;

/** Puts the rows of one CSV dialogue in turn order (row order breaks ties) and makes the {@link Dialogue}. */
final class AssembleCsvDialoguesFn extends DoFn<KV<String, Iterable<CsvTurn>>, Dialogue> {
  private static final Comparator<CsvTurn> TURN_ORDER =
      Comparator.comparingLong(CsvTurn::turnIndex).thenComparingLong(CsvTurn::recordNumber);

  @ProcessElement
  public void process(@Element KV<String, Iterable<CsvTurn>> rows, OutputReceiver<Dialogue> out) {
    List<CsvTurn> sorted = new ArrayList<>();
    rows.getValue().forEach(sorted::add);
    sorted.sort(TURN_ORDER);
    List<Turn> turns = new ArrayList<>(sorted.size());
    long firstRow = Long.MAX_VALUE;
    for (CsvTurn row : sorted) {
      turns.add(Turn.newBuilder().setRole(row.role()).setText(row.text()).build());
      firstRow = Math.min(firstRow, row.recordNumber());
    }
    CsvTurn first = sorted.get(0);
    out.output(
        Dialogue.newBuilder()
            .setId(first.dialogueId())
            .setSourceFile(first.sourceFile())
            .setRecordNumber(firstRow)
            .setRecordCount(sorted.size())
            .setTurns(turns)
            .build());
  }
}
