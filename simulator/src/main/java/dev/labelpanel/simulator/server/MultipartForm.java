package dev.labelpanel.simulator.server;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code multipart/form-data} body read into its fields (name → bytes), with the file field's filename. */
record MultipartForm(Map<String, byte[]> fields, Map<String, String> filenames) {
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern NAME = Pattern.compile("name=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("filename=\"([^\"]*)\"");

    static MultipartForm parse(String contentType, byte[] body) throws ApiException {
        Matcher b = contentType == null ? null : BOUNDARY.matcher(contentType);
        if (b == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data") || !b.find()) {
            throw new ApiException(ApiError.badRequest("Expected a multipart/form-data body with a boundary.", null));
        }
        byte[] delimiter = ("--" + b.group(1)).getBytes(StandardCharsets.ISO_8859_1);
        Map<String, byte[]> fields = new HashMap<>();
        Map<String, String> filenames = new HashMap<>();
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int start = at + delimiter.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
                break; // the closing delimiter
            }
            int next = indexOf(body, delimiter, start);
            if (next < 0) {
                throw new ApiException(ApiError.badRequest("The multipart body is not closed.", null));
            }
            byte[] separator = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
            int headersEnd = indexOf(body, separator, start);
            if (headersEnd < 0 || headersEnd > next) {
                throw new ApiException(ApiError.badRequest("A multipart part has no header end.", null));
            }
            String headers = new String(body, start, headersEnd - start, StandardCharsets.UTF_8);
            Matcher name = NAME.matcher(headers);
            if (name.find()) {
                int from = headersEnd + separator.length;
                int to = Math.max(from, next - 2); // the CRLF before the next delimiter
                byte[] value = new byte[to - from];
                System.arraycopy(body, from, value, 0, value.length);
                fields.put(name.group(1), value);
                Matcher filename = FILENAME.matcher(headers);
                if (filename.find()) {
                    filenames.put(name.group(1), filename.group(1));
                }
            }
            at = next;
        }
        return new MultipartForm(fields, filenames);
    }

    String text(String field) {
        byte[] value = fields.get(field);
        return value == null ? null : new String(value, StandardCharsets.UTF_8).trim();
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
