package dev.labelpanel.transforms.summary;

/** The labeling stages usage is counted for, in pipeline order. */
public enum UsageStage {
    PANEL("panel"),
    FILL("fill"),
    CALIBRATION("calibration"),
    SELF_CRITICISM("self_criticism");

    private final String wireName;

    UsageStage(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
