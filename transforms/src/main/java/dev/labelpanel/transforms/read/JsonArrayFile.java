package dev.labelpanel.transforms.read;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.labelpanel.schemas.DeadLetter;
import dev.labelpanel.transforms.failures.DeadLetterFactory;
import dev.labelpanel.transforms.failures.FailureCategory;
import dev.labelpanel.transforms.failures.InvalidRecordException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Reads a file holding one JSON array of records; element N (1-based) is record N. A file that starts with
 * {@code {} rather than {@code [} is read as JSON Lines instead. When the array itself breaks (malformed JSON,
 * invalid UTF-8), the rest of the file can't be resynchronised: it becomes one dead letter holding the rest. So
 * does a content that breaks off (a truncated gzip, garbage after it, a read error): the elements complete before
 * the break are read, and the dead letter names the read error and its byte position.
 */
final class JsonArrayFile {
    private final ObjectMapper mapper;
    private final JsonRecordParser parser;
    private final DeadLetterFactory deadLetters;
    private final ObjectReader elementReader;

    JsonArrayFile(ObjectMapper mapper, JsonRecordParser parser, DeadLetterFactory deadLetters) {
        this.mapper = mapper;
        // Elements are read one at a time from the array's parser: what follows an element is not "trailing".
        this.elementReader = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.parser = parser;
        this.deadLetters = deadLetters;
    }

    /** Reads every record of {@code in}, one listener call per record (element, or the unreadable rest). */
    void read(TrackedInput in, String sourceFile, RecordListener listener) throws IOException {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        try {
            in.transferTo(content);
        } catch (IOException e) {
            // in keeps the error: what was read before it is parsed below, the rest becomes one dead letter.
        }
        byte[] bytes = content.toByteArray();
        int first = firstNonWhitespace(bytes);
        if (first < 0) {
            if (in.damage() != null) {
                listener.failure(unreadableRest(sourceFile, 1, in, bytes, bytes.length));
            }
            return;
        }
        if (bytes[first] != '[') {
            new JsonLinesFile(mapper, parser, deadLetters)
                    .read(TrackedInput.replaying(bytes, in.damage()), sourceFile, listener);
            return;
        }
        long records = 0;
        long recordStart = first + 1;
        boolean insideRecord = false;
        try (JsonParser json = mapper.getFactory().createParser(bytes)) {
            json.nextToken(); // [
            while (true) {
                JsonToken token = json.nextToken();
                if (token == JsonToken.END_ARRAY) {
                    break;
                }
                if (token == null) {
                    throw new com.fasterxml.jackson.core.JsonParseException(
                            json, "the array is not closed: ']' missing at end of file");
                }
                records++;
                insideRecord = true;
                recordStart = json.currentTokenLocation().getByteOffset();
                JsonNode node = elementReader.readTree(json);
                long recordEnd = json.currentLocation().getByteOffset();
                insideRecord = false;
                try {
                    listener.dialogue(parser.parse(node, sourceFile, records));
                } catch (InvalidRecordException e) {
                    listener.failure(deadLetters.create(
                            sourceFile, records, e, deadLetters.payloadOf(bytes, (int) recordStart, (int)
                                    (recordEnd - recordStart))));
                }
                recordStart = recordEnd;
            }
            if (in.damage() != null) {
                // The array closed, but the content goes on into a read error (e.g. garbage after the gzip member).
                listener.failure(unreadableRest(sourceFile, records + 1, in, bytes, (int) recordStart));
            }
        } catch (StreamReadException e) {
            // What broke is one more record, unless it broke inside a record already counted.
            long number = insideRecord ? records : records + 1;
            JsonLocation at = e.getLocation();
            long offset = at == null ? -1 : at.getByteOffset();
            // Broken at the end of what could be read (within one UTF-8 sequence of it): the read error broke it.
            if (in.damage() != null && (offset < 0 || offset >= bytes.length - 4)) {
                listener.failure(unreadableRest(sourceFile, number, in, bytes, (int) Math.max(recordStart, 0)));
                return;
            }
            String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            boolean utf8 = message.contains("UTF-8") || message.contains("UTF8");
            int from = (int) Math.min(Math.max(recordStart, 0), bytes.length);
            listener.failure(deadLetters.create(
                    sourceFile,
                    number,
                    utf8 ? FailureCategory.INVALID_UTF8 : FailureCategory.MALFORMED_JSON,
                    String.format(
                            "the JSON array breaks at line %d column %d (%s): record %d and the rest of the file could not be read",
                            at == null ? -1 : at.getLineNr(), at == null ? -1 : at.getColumnNr(), message, number),
                    deadLetters.payloadOf(bytes, from, bytes.length - from)));
        }
    }

    private DeadLetter unreadableRest(String sourceFile, long number, TrackedInput in, byte[] bytes, int from) {
        int start = Math.min(from, bytes.length);
        return deadLetters.create(
                sourceFile,
                number,
                FailureCategory.UNREADABLE_FILE,
                "record " + number + " and the rest of the file could not be read: " + in.describeDamage() + " ("
                        + (number - 1) + " records before it were read)",
                start == bytes.length ? null : deadLetters.payloadOf(bytes, start, bytes.length - start));
    }

    private static int firstNonWhitespace(byte[] bytes) {
        int i = bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF
                ? 3
                : 0;
        for (; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return i;
            }
        }
        return -1;
    }
}
