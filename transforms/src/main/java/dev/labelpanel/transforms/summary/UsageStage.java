package dev.labelpanel.transforms.summary;

import dev.labelpanel.transforms.WireName;

/** The labeling stages usage is counted for, in pipeline order; the {@link #wireName()} is a run-summary key. */
public enum UsageStage implements WireName.Underscored {
    PANEL,
    FILL,
    CALIBRATION,
    SELF_CRITICISM
}
