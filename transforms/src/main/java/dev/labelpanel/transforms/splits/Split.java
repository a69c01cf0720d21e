package dev.labelpanel.transforms.splits;

import dev.labelpanel.transforms.WireName;

/**
 * The dataset split an item belongs to. The {@link #wireName()} is stored in {@code Item.split} and used in the
 * dataset file names and the run summary.
 */
public enum Split implements WireName {
    TRAIN,
    VALIDATION,
    TEST;

    /** True for validation and test: the items calibration checks. */
    public boolean heldOut() {
        return this != TRAIN;
    }

    public static Split parse(String name) {
        return WireName.parse(values(), name, "split");
    }
}
