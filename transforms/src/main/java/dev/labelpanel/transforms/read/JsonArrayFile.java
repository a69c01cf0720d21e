package dev.labelpanel.transforms.read;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.labelpanel.transforms.failures.DeadLetterFactory;
import dev.labelpanel.transforms.failures.FailureCategory;
import dev.labelpanel.transforms.failures.InvalidRecordException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a file holding one JSON array of records; element N (1-based) is record N. A file that starts with
 * {@code {} rather than {@code [} is read as JSON Lines instead. When the array itself breaks (malformed JSON,
 * invalid UTF-8), the rest of the file can't be resynchronised: it becomes one dead letter holding the rest.
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

  long read(InputStream in, String sourceFile, RecordListener listener) throws IOException {
    byte[] bytes = in.readAllBytes();
    int first = firstNonWhitespace(bytes);
    if (first < 0) {
      return 0;
    }
    if (bytes[first] != '[') {
      return new JsonLinesFile(mapper, parser, deadLetters)
          .read(new ByteArrayInputStream(bytes), sourceFile, listener);
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
          throw new com.fasterxml.jackson.core.JsonParseException(json, "the array is not closed: ']' missing at end of file");
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
          listener.failure(
              deadLetters.create(
                  sourceFile,
                  records,
                  e,
                  deadLetters.payloadOf(bytes, (int) recordStart, (int) (recordEnd - recordStart))));
        }
        recordStart = recordEnd;
      }
    } catch (StreamReadException e) {
      // What broke is one more record, unless it broke inside a record already counted.
      long number = insideRecord ? records : records + 1;
      JsonLocation at = e.getLocation();
      String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
      boolean utf8 = message.contains("UTF-8") || message.contains("UTF8");
      int from = (int) Math.min(Math.max(recordStart, 0), bytes.length);
      listener.failure(
          deadLetters.create(
              sourceFile,
              number,
              utf8 ? FailureCategory.INVALID_UTF8 : FailureCategory.MALFORMED_JSON,
              String.format(
                  "the JSON array breaks at line %d column %d (%s): record %d and the rest of the file could not be read",
                  at == null ? -1 : at.getLineNr(), at == null ? -1 : at.getColumnNr(), message, number),
              deadLetters.payloadOf(bytes, from, bytes.length - from)));
      return number;
    }
    return records;
  }

  private static int firstNonWhitespace(byte[] bytes) {
    int i = bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF ? 3 : 0;
    for (; i < bytes.length; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return i;
      }
    }
    return -1;
  }
}
