package dev.labelpanel.simulator.profile;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The YAML shape of a simulator profile, before validation and path resolution (see {@link SimulatorProfile}).
 * {@code definitions} is ignored: a place for YAML anchors shared by several models.
 */
record ProfileDocument(
        @JsonProperty("seed") Long seed,
        @JsonProperty("api_key_env") String apiKeyEnv,
        @JsonProperty("timeout_fault_hang_ms") Long timeoutFaultHangMs,
        @JsonProperty("labels") List<LabelDefinition> labels,
        @JsonProperty("positive_label") String positiveLabel,
        @JsonProperty("default_label") String defaultLabel,
        @JsonProperty("ground_truth") List<String> groundTruth,
        @JsonProperty("prompts") PromptTemplates prompts,
        @JsonProperty("models") List<ModelProfile> models,
        @JsonProperty("definitions") Object definitions) {}
