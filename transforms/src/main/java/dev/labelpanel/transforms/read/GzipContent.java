package dev.labelpanel.transforms.read;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The decompressed content of a gzip file (RFC 1952), member after member, that hands out every byte decoded before
 * the data breaks. Beam's gzip reader (commons-compress) fills a whole read request before returning, so when the
 * data ends early, or garbage follows the last member, the bytes decoded in that request are thrown away with the
 * error; a truncated file then looks as if its last 64 KiB of records were never there. Here a read returns as soon
 * as it has bytes, and the error comes on the read after: a truncated member, a CRC or length mismatch, or bytes
 * after a member that do not start another one, each an {@link IOException} naming the compressed byte position.
 * Content that does not start with the gzip magic is passed through unchanged, as Beam does.
 */
final class GzipContent extends InputStream {
    private static final int BUFFER = 64 * 1024;

    private final PushbackInputStream in;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] buffer = new byte[BUFFER];
    /** How many bytes of {@code buffer} the inflater was last given. */
    private int inputLength;

    private long compressedPosition;
    private int members;
    private boolean inMember;
    private boolean plain;
    private boolean ended;

    private GzipContent(InputStream raw) {
        this.in = new PushbackInputStream(raw, BUFFER);
    }

    /** The content of {@code raw}: decompressed when it starts with the gzip magic, else {@code raw} itself. */
    static InputStream of(InputStream raw) throws IOException {
        GzipContent content = new GzipContent(raw);
        int b1 = content.in.read();
        int b2 = b1 < 0 ? -1 : content.in.read();
        if (b2 >= 0) {
            content.in.unread(b2);
        }
        if (b1 >= 0) {
            content.in.unread(b1);
        }
        content.plain = b1 != 0x1f || b2 != 0x8b;
        return content.plain ? content.in : content;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!ended) {
            if (!inMember && !startMember()) {
                ended = true;
                break;
            }
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw new IOException(
                        "the gzip data is corrupt at compressed byte " + position() + " (" + e.getMessage() + ")", e);
            }
            if (n > 0) {
                crc.update(b, off, n);
                return n;
            }
            if (inflater.finished()) {
                finishMember();
            } else if (inflater.needsInput()) {
                int r = in.read(buffer);
                if (r < 0) {
                    throw new EOFException("the gzip data ends at compressed byte " + compressedPosition
                            + " in the middle of member " + members);
                }
                compressedPosition += r;
                inputLength = r;
                inflater.setInput(buffer, 0, r);
            } else {
                throw new IOException("the gzip data needs a preset dictionary, which gzip does not have");
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }

    /** Compressed bytes consumed: read from the file less what the inflater has not used yet. */
    private long position() {
        return compressedPosition - inflater.getRemaining();
    }

    /** Reads the next member's header; false at the end of the file. */
    private boolean startMember() throws IOException {
        long at = compressedPosition;
        int id1 = in.read();
        if (id1 < 0 && members > 0) {
            return false;
        }
        int id2 = in.read();
        if (id1 != 0x1f || id2 != 0x8b) {
            throw new IOException("garbage after gzip member " + members + " at compressed byte " + at
                    + " (not the start of another member)");
        }
        compressedPosition += 2;
        int method = readByte();
        int flags = readByte();
        if (method != 8) {
            throw new IOException(
                    "gzip member " + (members + 1) + " uses compression method " + method + ", not deflate");
        }
        skip(6); // mtime, extra flags, OS
        if ((flags & 4) != 0) { // FEXTRA
            skip(readByte() | readByte() << 8);
        }
        if ((flags & 8) != 0) { // FNAME
            while (readByte() != 0) {}
        }
        if ((flags & 16) != 0) { // FCOMMENT
            while (readByte() != 0) {}
        }
        if ((flags & 2) != 0) { // FHCRC
            skip(2);
        }
        members++;
        inMember = true;
        inflater.reset();
        crc.reset();
        return true;
    }

    /** Gives back the bytes after the deflate data, then reads and checks the trailer (CRC-32, length). */
    private void finishMember() throws IOException {
        int remaining = inflater.getRemaining();
        if (remaining > 0) {
            in.unread(buffer, inputLength - remaining, remaining);
            compressedPosition -= remaining;
        }
        long expectedCrc = readInt();
        long expectedSize = readInt();
        if (expectedCrc != crc.getValue() || expectedSize != (inflater.getBytesWritten() & 0xffffffffL)) {
            throw new IOException("gzip member " + members + " fails its check (CRC-32 or length) at compressed byte "
                    + compressedPosition);
        }
        inMember = false;
    }

    private long readInt() throws IOException {
        return (readByte() | readByte() << 8 | readByte() << 16 | (long) readByte() << 24) & 0xffffffffL;
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the gzip data ends at compressed byte " + compressedPosition + " in the header or"
                    + " trailer of member " + Math.max(members, 1));
        }
        compressedPosition++;
        return b;
    }

    private void skip(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            readByte();
        }
    }
}
