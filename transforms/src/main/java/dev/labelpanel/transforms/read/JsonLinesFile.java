package dev.labelpanel.transforms.read;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labelpanel.transforms.failures.DeadLetterFactory;
import dev.labelpanel.transforms.failures.FailureCategory;
import dev.labelpanel.transforms.failures.InvalidRecordException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a JSON Lines file. Each non-blank line is one record, numbered by its line number; a bad line (invalid
 * UTF-8, malformed JSON, a bad record) becomes a dead letter and reading goes on with the next line. When the
 * content itself breaks off (a truncated gzip, garbage after it, a read error), the lines before stay read and the
 * rest of the file, from the line being read, becomes one dead letter with the line, byte position and cause.
 */
final class JsonLinesFile {
    private final ObjectMapper mapper;
    private final JsonRecordParser parser;
    private final DeadLetterFactory deadLetters;

    JsonLinesFile(ObjectMapper mapper, JsonRecordParser parser, DeadLetterFactory deadLetters) {
        this.mapper = mapper;
        this.parser = parser;
        this.deadLetters = deadLetters;
    }

    /** Reads every record of {@code in}, one listener call per record (non-blank line, or the unreadable rest). */
    void read(TrackedInput in, String sourceFile, RecordListener listener) {
        LineReader lines = new LineReader(in);
        while (true) {
            byte[] line;
            try {
                line = lines.next();
            } catch (IOException e) {
                long lineNumber = lines.lineNumber() + 1;
                byte[] partial = lines.partialLine();
                listener.failure(deadLetters.create(
                        sourceFile,
                        lineNumber,
                        FailureCategory.UNREADABLE_FILE,
                        "line " + lineNumber + " and the rest of the file could not be read: " + in.describeDamage()
                                + " (" + (lineNumber - 1) + " lines before it were read)",
                        partial.length == 0 ? null : deadLetters.payloadOf(partial, 0, partial.length)));
                return;
            }
            if (line == null) {
                return;
            }
            long lineNumber = lines.lineNumber();
            if (isBlank(line)) {
                continue;
            }
            String text;
            try {
                text = strictUtf8(line);
            } catch (CharacterCodingException e) {
                listener.failure(deadLetters.create(
                        sourceFile,
                        lineNumber,
                        FailureCategory.INVALID_UTF8,
                        "line " + lineNumber + " is not valid UTF-8 (" + e.getMessage() + ")",
                        deadLetters.payloadOf(line, 0, line.length)));
                continue;
            }
            try {
                JsonNode node = mapper.readTree(text);
                listener.dialogue(parser.parse(node, sourceFile, lineNumber));
            } catch (JsonProcessingException e) {
                listener.failure(deadLetters.create(
                        sourceFile,
                        lineNumber,
                        FailureCategory.MALFORMED_JSON,
                        "line " + lineNumber + " is not valid JSON: " + e.getOriginalMessage(),
                        text));
            } catch (InvalidRecordException e) {
                listener.failure(deadLetters.create(sourceFile, lineNumber, e, text));
            }
        }
    }

    private static String strictUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Splits a byte stream on '\n', dropping a trailing '\r' and a leading UTF-8 byte order mark. */
    private static final class LineReader {
        private final InputStream in;
        private final byte[] buffer = new byte[64 * 1024];
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private int position;
        private int limit;
        private long lineNumber;

        LineReader(InputStream in) {
            this.in = in;
        }

        long lineNumber() {
            return lineNumber;
        }

        /** The bytes of the line being read when {@link #next} failed. */
        byte[] partialLine() {
            return line.toByteArray();
        }

        byte[] next() throws IOException {
            line.reset();
            boolean sawAny = false;
            while (true) {
                if (position == limit) {
                    limit = in.read(buffer);
                    position = 0;
                    if (limit <= 0) {
                        limit = 0;
                        if (!sawAny) {
                            return null;
                        }
                        return finish();
                    }
                }
                sawAny = true;
                int start = position;
                while (position < limit && buffer[position] != '\n') {
                    position++;
                }
                line.write(buffer, start, position - start);
                if (position < limit) {
                    position++; // the '\n'
                    return finish();
                }
            }
        }

        private byte[] finish() {
            lineNumber++;
            byte[] bytes = line.toByteArray();
            line.reset();
            int from = 0;
            int to = bytes.length;
            if (lineNumber == 1
                    && to >= 3
                    && bytes[0] == (byte) 0xEF
                    && bytes[1] == (byte) 0xBB
                    && bytes[2] == (byte) 0xBF) {
                from = 3;
            }
            if (to > from && bytes[to - 1] == '\r') {
                to--;
            }
            return from == 0 && to == bytes.length ? bytes : java.util.Arrays.copyOfRange(bytes, from, to);
        }
    }
}
