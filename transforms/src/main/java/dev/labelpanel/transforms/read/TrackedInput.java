package dev.labelpanel.transforms.read;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;

/**
 * The (decompressed) content of one input file as the readers see it: counts the bytes read so far and keeps the
 * read error that cut the content short (a truncated gzip, trailing garbage after a gzip member, a disk error, a
 * file deleted under the reader). Readers use it to tell damage from bad records: damage ends the file, and what
 * was read before it stays read.
 */
final class TrackedInput extends FilterInputStream {
    private long position;
    private IOException damage;

    TrackedInput(InputStream in) {
        super(in);
    }

    /** {@code bytes} then, when {@code damage} is not null, that error again: a copy of a content already read. */
    static TrackedInput replaying(byte[] bytes, IOException damage) {
        InputStream content = new ByteArrayInputStream(bytes);
        if (damage != null) {
            content = new SequenceInputStream(content, new InputStream() {
                @Override
                public int read() throws IOException {
                    throw damage;
                }
            });
        }
        return new TrackedInput(content);
    }

    /** Bytes of content read so far: where the damage is, once there is some. */
    long position() {
        return position;
    }

    /** The read error that ended the content, or null. */
    IOException damage() {
        return damage;
    }

    /** Why the content ends early and where, for a dead letter's reason, e.g. {@code the file ends ... at byte 512}. */
    String describeDamage() {
        return damage == null ? "no read error" : causeOf(damage) + " at byte " + position + " of its content";
    }

    /** A read error in words: a bare {@link EOFException} (a truncated gzip) says nothing by itself. */
    static String causeOf(IOException e) {
        if (e instanceof EOFException) {
            return "the file ends in the middle of its compressed data, so it is truncated ("
                    + e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
        }
        return "the file could not be read (" + e + ")";
    }

    @Override
    public int read() throws IOException {
        int b = tracked(() -> super.read());
        if (b >= 0) {
            position++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = tracked(() -> super.read(b, off, len));
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = tracked(() -> (int) super.skip(Math.min(n, Integer.MAX_VALUE)));
        position += skipped;
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private interface Read {
        int run() throws IOException;
    }

    private int tracked(Read read) throws IOException {
        if (damage != null) {
            throw damage;
        }
        try {
            return read.run();
        } catch (IOException e) {
            damage = e;
            throw e;
        }
    }
}
