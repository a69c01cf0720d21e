package dev.labelpanel.transforms.splits;

/** The dataset split an item belongs to. */
public enum Split {
    TRAIN("train"),
    VALIDATION("validation"),
    TEST("test");

    private final String wireName;

    Split(String wireName) {
        this.wireName = wireName;
    }

    /** The name stored in {@code Item.split} and used in the dataset file names and the run summary. */
    public String wireName() {
        return wireName;
    }

    /** True for validation and test: the items calibration checks. */
    public boolean heldOut() {
        return this != TRAIN;
    }

    public static Split parse(String name) {
        for (Split s : values()) {
            if (s.wireName.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("split must be train, validation or test but was '" + name + "'");
    }
}
