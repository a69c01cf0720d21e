package dev.labelpanel.transforms.read;

import dev.labelpanel.schemas.DeadLetter;
import dev.labelpanel.transforms.failures.DeadLetterFactory;
import dev.labelpanel.transforms.failures.FailureCategory;
import dev.labelpanel.transforms.failures.InvalidRecordException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a CSV file with a header row (RFC 4180: quoted fields may hold commas, quotes and newlines). Each data
 * row is one turn and one record, numbered from 1 after the header. Rows are grouped into dialogues later. When the
 * content breaks off (invalid UTF-8, a truncated gzip, garbage after it, a read error), the rows before stay read
 * and the rest of the file becomes one dead letter with the row, byte position and cause.
 */
final class CsvFile {
    private static final CSVFormat FORMAT = CSVFormat.RFC4180
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true)
            .get();

    private final CsvColumns columns;
    private final TextRules textRules;
    private final DeadLetterFactory deadLetters;

    CsvFile(CsvColumns columns, TextRules textRules, DeadLetterFactory deadLetters) {
        this.columns = columns;
        this.textRules = textRules;
        this.deadLetters = deadLetters;
    }

    /** Reads every row of {@code in}, one listener call per record (data row, or the unreadable rest). */
    void read(TrackedInput in, String sourceFile, RecordListener listener) {
        Reader reader = new InputStreamReader(
                in,
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT));
        long rows = 0;
        boolean restReported = false;
        try (CSVParser csv =
                CSVParser.builder().setReader(reader).setFormat(FORMAT).get()) {
            List<String> missing = missingColumns(csv.getHeaderMap());
            String headerProblem = missing.isEmpty()
                    ? null
                    : "the CSV header " + csv.getHeaderNames() + " lacks the mapped column(s) " + missing
                            + " (set input.csv to name the columns of this file)";
            Iterator<CSVRecord> it = csv.iterator();
            while (true) {
                CSVRecord row;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    row = it.next();
                } catch (UncheckedIOException e) {
                    listener.failure(unreadableRest(sourceFile, rows + 1, in, e.getCause()));
                    restReported = true;
                    break;
                }
                rows++;
                if (headerProblem != null) {
                    listener.failure(deadLetters.create(
                            sourceFile,
                            rows,
                            FailureCategory.MISSING_COLUMN,
                            headerProblem,
                            String.join(",", row.values())));
                    continue;
                }
                try {
                    listener.csvTurn(turnOf(row, sourceFile, rows));
                } catch (InvalidRecordException e) {
                    listener.failure(deadLetters.create(sourceFile, rows, e, String.join(",", row.values())));
                }
            }
        } catch (UncheckedIOException e) {
            // The header itself could not be read.
            listener.failure(unreadableRest(sourceFile, rows + 1, in, e.getCause()));
        } catch (IOException e) {
            // The header could not be read, or closing the file failed after its last row.
            if (!restReported) {
                listener.failure(unreadableRest(sourceFile, rows + 1, in, e));
            }
        }
    }

    private CsvTurn turnOf(CSVRecord row, String sourceFile, long rowNumber) throws InvalidRecordException {
        List<String> absent = new ArrayList<>();
        for (String column : columns.all()) {
            if (!row.isSet(column)) {
                absent.add(column);
            }
        }
        if (!absent.isEmpty()) {
            throw new InvalidRecordException(
                    FailureCategory.MISSING_COLUMN,
                    String.format(
                            "row %d has %d of the header's %d columns: no value for %s",
                            rowNumber,
                            row.size(),
                            row.getParser().getHeaderNames().size(),
                            absent));
        }
        String dialogueId = row.get(columns.dialogueId()).trim();
        if (dialogueId.isEmpty()) {
            throw new InvalidRecordException(
                    FailureCategory.MISSING_COLUMN, "column " + columns.dialogueId() + " (dialogue id) is empty");
        }
        long turnIndex;
        try {
            turnIndex = Long.parseLong(row.get(columns.turnIndex()).trim());
        } catch (NumberFormatException e) {
            throw new InvalidRecordException(
                    FailureCategory.BAD_VALUE,
                    "column " + columns.turnIndex() + " (turn index) must be a whole number but is '"
                            + row.get(columns.turnIndex()) + "'");
        }
        String role = Roles.of(row.get(columns.speaker()), "column " + columns.speaker());
        String text = textRules.check(row.get(columns.text()), "column " + columns.text());
        return new CsvTurn(dialogueId, turnIndex, role, text, sourceFile, rowNumber);
    }

    private List<String> missingColumns(Map<String, Integer> header) {
        List<String> missing = new ArrayList<>();
        for (String column : columns.all()) {
            if (header == null || !header.containsKey(column)) {
                missing.add(column);
            }
        }
        return missing;
    }

    private DeadLetter unreadableRest(String sourceFile, long rowNumber, TrackedInput in, IOException e) {
        String rest = "; that row and the rest of the file could not be read (" + (rowNumber - 1)
                + " rows before it were read)";
        if (in.damage() != null) {
            return deadLetters.create(
                    sourceFile,
                    rowNumber,
                    FailureCategory.UNREADABLE_FILE,
                    "row " + rowNumber + ": " + in.describeDamage() + rest,
                    null);
        }
        boolean utf8 = e instanceof CharacterCodingException;
        return deadLetters.create(
                sourceFile,
                rowNumber,
                utf8 ? FailureCategory.INVALID_UTF8 : FailureCategory.UNREADABLE_FILE,
                (utf8 ? "the file is not valid UTF-8" : "the file could not be parsed as CSV") + " at row " + rowNumber
                        + " (" + e.getMessage() + ")" + rest,
                null);
    }
}
