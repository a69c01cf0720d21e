package dev.labelpanel.simulator.profile;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One label of the label set, as it appears in the profile: a name and a description for the prompt. */
public record LabelDefinition(
        @JsonProperty("name") String name,
        @JsonProperty("description") String description) {

    public LabelDefinition {
        description = description == null ? "" : description;
    }
}
