package dev.labelpanel.transforms.read;

import dev.labelpanel.schemas.Dialogue;
import dev.labelpanel.schemas.Turn;
import dev.labelpanel.transforms.failures.DeadLetterFactory;
import dev.labelpanel.transforms.failures.FailureCategory;
import dev.labelpanel.transforms.failures.InvalidRecordException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.InputFile;

/**
 * Reads Parquet files written in the {@code Dialogue} schema (as labelpanel or any Avro/Arrow writer makes
 * them). Row N (1-based) is record N; each row's turns are checked like every other input. A file that is not
 * Parquet or lacks the {@code id} and {@code turns} columns becomes one dead letter.
 */
final class ParquetDialogueFile {
    private final TextRules textRules;
    private final DeadLetterFactory deadLetters;

    ParquetDialogueFile(TextRules textRules, DeadLetterFactory deadLetters) {
        this.textRules = textRules;
        this.deadLetters = deadLetters;
    }

    /** Reads every row of {@code input}, one listener call per record (row, or the unreadable rest). */
    void read(InputFile input, String sourceFile, RecordListener listener) {
        long rows = 0;
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(input)
                .withDataModel(GenericData.get())
                .build()) {
            GenericRecord row;
            while ((row = reader.read()) != null) {
                rows++;
                try {
                    listener.dialogue(dialogueOf(row, sourceFile, rows));
                } catch (InvalidRecordException e) {
                    listener.failure(deadLetters.create(sourceFile, rows, e, String.valueOf(row)));
                }
            }
        } catch (IOException | RuntimeException e) {
            rows++;
            listener.failure(deadLetters.create(
                    sourceFile,
                    rows,
                    FailureCategory.UNREADABLE_FILE,
                    "could not read Parquet at row " + rows + ": " + e
                            + "; that row and the rest of the file could not be read",
                    null));
        }
    }

    private Dialogue dialogueOf(GenericRecord row, String sourceFile, long rowNumber) throws InvalidRecordException {
        Schema schema = row.getSchema();
        if (schema.getField("turns") == null) {
            throw new InvalidRecordException(
                    FailureCategory.UNKNOWN_SHAPE,
                    "the Parquet row has no turns column; expected the Dialogue schema, found " + schema.getFields());
        }
        Object id = schema.getField("id") == null ? null : row.get("id");
        Object rawTurns = row.get("turns");
        if (!(rawTurns instanceof List<?> list) || list.isEmpty()) {
            throw new InvalidRecordException(FailureCategory.EMPTY_DIALOGUE, "turns is empty or null");
        }
        List<Turn> turns = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof GenericRecord turn)) {
                throw new InvalidRecordException(FailureCategory.UNKNOWN_SHAPE, "turns[" + i + "] is not a record");
            }
            String role = Roles.of(stringOf(turn, "role"), "turns[" + i + "].role");
            String text = textRules.check(stringOf(turn, "text"), "turns[" + i + "].text");
            turns.add(Turn.newBuilder().setRole(role).setText(text).build());
        }
        String dialogueId = id == null || id.toString().isBlank()
                ? JsonRecordParser.fileName(sourceFile) + "#" + rowNumber
                : id.toString();
        return Dialogue.newBuilder()
                .setId(dialogueId)
                .setSourceFile(sourceFile)
                .setRecordNumber(rowNumber)
                .setRecordCount(1)
                .setTurns(turns)
                .build();
    }

    private static String stringOf(GenericRecord record, String field) {
        if (record.getSchema().getField(field) == null) {
            return null;
        }
        Object value = record.get(field);
        return value == null ? null : value.toString();
    }
}
