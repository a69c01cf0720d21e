package dev.labelpanel.transforms.read;

import dev.labelpanel.schemas.Dialogue;
import dev.labelpanel.schemas.Turn;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;

/**
 * Makes the dialogues of one bucket of CSV rows: rows are grouped by file and dialogue id, put in turn order
 * (row order breaks ties). Rows come in buckets rather than one group per dialogue because the Direct runner
 * pays a fixed cost per key after a GroupByKey (see {@code DedupItems}).
 */
final class AssembleCsvDialoguesFn extends DoFn<KV<Integer, Iterable<CsvTurn>>, Dialogue> {
    /** Number of groups CSV rows are spread over. */
    static final int BUCKETS = 16;

    private static final Comparator<CsvTurn> TURN_ORDER =
            Comparator.comparingLong(CsvTurn::turnIndex).thenComparingLong(CsvTurn::recordNumber);

    static int bucketOf(CsvTurn row) {
        return Math.floorMod(row.groupKey().hashCode(), BUCKETS);
    }

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<CsvTurn>> bucket, OutputReceiver<Dialogue> out) {
        Map<String, List<CsvTurn>> dialogues = new HashMap<>();
        for (CsvTurn row : bucket.getValue()) {
            dialogues.computeIfAbsent(row.groupKey(), k -> new ArrayList<>()).add(row);
        }
        dialogues.values().forEach(rows -> out.output(assemble(rows)));
    }

    private static Dialogue assemble(List<CsvTurn> sorted) {
        sorted.sort(TURN_ORDER);
        List<Turn> turns = new ArrayList<>(sorted.size());
        long firstRow = Long.MAX_VALUE;
        for (CsvTurn row : sorted) {
            turns.add(Turn.newBuilder().setRole(row.role()).setText(row.text()).build());
            firstRow = Math.min(firstRow, row.recordNumber());
        }
        CsvTurn first = sorted.get(0);
        return Dialogue.newBuilder()
                .setId(first.dialogueId())
                .setSourceFile(first.sourceFile())
                .setRecordNumber(firstRow)
                .setRecordCount(sorted.size())
                .setTurns(turns)
                .build();
    }
}
