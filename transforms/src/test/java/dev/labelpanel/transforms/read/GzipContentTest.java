package dev.labelpanel.transforms.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class GzipContentTest {
    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** Reads like the line reader does, keeping what came before an error. */
    private static String readUntilError(InputStream in, ByteArrayOutputStream got) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            got.write(buffer, 0, n);
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    @Test
    void readsConcatenatedMembersAsOneContent() throws IOException {
        byte[] file = concat(gzip("first member\n"), gzip("second member\n"));
        assertEquals(
                "first member\nsecond member\n",
                readUntilError(GzipContent.of(new ByteArrayInputStream(file)), new ByteArrayOutputStream()));
    }

    @Test
    void passesContentThatIsNotGzipThrough() throws IOException {
        byte[] plain = "{\"text\":\"plain\"}\n".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(plain, GzipContent.of(new ByteArrayInputStream(plain)).readAllBytes());
    }

    @Test
    void aCutFileHandsOutWhatItDecodedBeforeTheError() throws IOException {
        byte[] whole = gzip("x".repeat(10_000) + "\n" + DamagedFiles.incompressible(4000, 3));
        InputStream in = GzipContent.of(new ByteArrayInputStream(Arrays.copyOf(whole, whole.length - 8)));
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        EOFException e = assertThrows(EOFException.class, () -> readUntilError(in, got));
        assertEquals(
                "the gzip data ends at compressed byte " + (whole.length - 8) + " in the header or trailer of"
                        + " member 1",
                e.getMessage());
        // Only the trailer was cut: every byte of content was decoded and handed out before the error.
        assertEquals(10_001 + 4000, got.size());
    }

    @Test
    void aCorruptChecksumIsAnError() throws IOException {
        byte[] file = gzip("hello\n");
        file[file.length - 8] ^= 1; // the CRC-32
        IOException e = assertThrows(
                IOException.class,
                () -> readUntilError(GzipContent.of(new ByteArrayInputStream(file)), new ByteArrayOutputStream()));
        assertTrue(e.getMessage().startsWith("gzip member 1 fails its check (CRC-32 or length)"), e.getMessage());
    }
}
