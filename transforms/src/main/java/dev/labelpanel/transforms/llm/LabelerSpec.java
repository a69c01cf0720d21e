package dev.labelpanel.transforms.llm;

import java.io.Serializable;

/** How to reach one labeler from a worker: serializable, opened into a {@link Labeler} in {@code @Setup}. */
public interface LabelerSpec extends Serializable {
    String name();

    Labeler open();
}
