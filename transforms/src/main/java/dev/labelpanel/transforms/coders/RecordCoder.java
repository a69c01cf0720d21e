package dev.labelpanel.transforms.coders;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;

/**
 * {@link AvroCoder} for one generated record class, with a Java-serialized form of just the class name.
 *
 * <p>Why: the Direct runner translates a ParDo to its proto form for every bundle it evaluates, which
 * Java-serializes the coders of the ParDo's collections. AvroCoder's serialized form carries the whole schema
 * and takes milliseconds to write; after a GroupByKey the Direct runner makes one bundle per key, so dedup over
 * tens of thousands of items spent minutes there (measured on the CensorChat pools: 11 min → see BENCHMARKS.md).
 * The encoding itself is AvroCoder's, unchanged.
 */
public final class RecordCoder<T extends SpecificRecord> extends CustomCoder<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private transient AvroCoder<T> delegate;

    private RecordCoder(Class<T> type) {
        this.type = type;
    }

    public static <T extends SpecificRecord> RecordCoder<T> of(Class<T> type) {
        return new RecordCoder<>(type);
    }

    private AvroCoder<T> delegate() {
        AvroCoder<T> d = delegate;
        if (d == null) {
            d = AvroCoder.of(type);
            delegate = d;
        }
        return d;
    }

    @Override
    public void encode(T value, OutputStream out) throws IOException {
        delegate().encode(value, out);
    }

    @Override
    public T decode(InputStream in) throws IOException {
        return delegate().decode(in);
    }

    @Override
    public List<? extends Coder<?>> getCoderArguments() {
        return List.of();
    }

    @Override
    public void verifyDeterministic() throws NonDeterministicException {
        delegate().verifyDeterministic();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RecordCoder<?> that && that.type.equals(type);
    }

    @Override
    public int hashCode() {
        return type.hashCode();
    }

    @Override
    public String toString() {
        return "RecordCoder(" + type.getSimpleName() + ")";
    }
}
