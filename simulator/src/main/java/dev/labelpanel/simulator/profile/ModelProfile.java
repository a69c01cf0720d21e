package dev.labelpanel.simulator.profile;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One simulated model as written in the profile. Quality is either a {@code confusion} matrix (truth → answer →
 * probability) or {@code accuracy} (all classes) with optional {@code accuracy_by_label}; the rest is noise:
 * refusals, off-format answers, latency, faults, rate limits and self-criticism behaviour. {@code served_as} is the model
 * name the replies carry (a dated snapshot, or a server such as llama.cpp that ignores the requested name; default:
 * the requested name); {@code wordy_rate} is the share of first answers that go on explaining after the label (or
 * apologising at length), so a client's {@code max_tokens} cuts them ({@code finish_reason: length});
 * {@code unsupported_parameters} lists request fields its "provider" rejects with HTTP 400 (e.g. {@code
 * guided_choice} for an OpenAI-like one, {@code logprobs}).
 */
public record ModelProfile(
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("accuracy") Double accuracy,
        @JsonProperty("accuracy_by_label") Map<String, Double> accuracyByLabel,
        @JsonProperty("confusion") Map<String, Map<String, Double>> confusion,
        @JsonProperty("refusal") RefusalProfile refusal,
        @JsonProperty("off_format_rate") double offFormatRate,
        @JsonProperty("latency") LatencyProfile latency,
        @JsonProperty("faults") FaultProfile faults,
        @JsonProperty("rate_limits") RateLimitProfile rateLimits,
        @JsonProperty("self_criticism") SelfCriticismProfile selfCriticism,
        @JsonProperty("served_as") String servedAs,
        @JsonProperty("wordy_rate") double wordyRate,
        @JsonProperty("unsupported_parameters") List<String> unsupportedParameters) {

    public ModelProfile {
        description = description == null ? "" : description;
        accuracyByLabel = accuracyByLabel == null ? Map.of() : Map.copyOf(accuracyByLabel);
        refusal = refusal == null ? RefusalProfile.none() : refusal;
        latency = latency == null ? LatencyProfile.zero() : latency;
        faults = faults == null ? FaultProfile.none() : faults;
        rateLimits = rateLimits == null ? RateLimitProfile.unlimited() : rateLimits;
        selfCriticism = selfCriticism == null ? SelfCriticismProfile.stubborn() : selfCriticism;
        unsupportedParameters = unsupportedParameters == null ? List.of() : List.copyOf(unsupportedParameters);
    }

    /** The model name replies carry: {@code served_as}, else {@code name}. */
    public String servedName() {
        return servedAs == null || servedAs.isBlank() ? name : servedAs;
    }

    /** Checks every field and resolves the quality settings into a confusion matrix over {@code labels}. */
    ConfusionMatrix validate(String field, LabelSet labels) {
        if (name == null || name.isBlank()) {
            throw new ProfileException(field + ".name must be a non-blank model name");
        }
        refusal.validate(field + ".refusal", labels);
        Checks.probability(field + ".off_format_rate", offFormatRate);
        Checks.probability(field + ".wordy_rate", wordyRate);
        Checks.sumAtMostOne(field + " refusal.rate + off_format_rate", maxRefusalRate() + offFormatRate);
        latency.validate(field + ".latency");
        faults.validate(field + ".faults");
        rateLimits.validate(field + ".rate_limits");
        selfCriticism.validate(field + ".self_criticism");
        boolean byAccuracy = accuracy != null || !accuracyByLabel.isEmpty();
        if (confusion != null && byAccuracy) {
            throw new ProfileException(field + " sets both confusion and accuracy; set one of them");
        }
        if (confusion != null) {
            return ConfusionMatrix.fromRows(field + ".confusion", labels, confusion);
        }
        if (accuracy == null && accuracyByLabel.size() < labels.size()) {
            throw new ProfileException(
                    field + " needs confusion, accuracy, or accuracy_by_label for every label " + labels.names());
        }
        return ConfusionMatrix.fromAccuracies(
                field + ".accuracy", labels, accuracy == null ? 1.0 : accuracy, accuracyByLabel);
    }

    private double maxRefusalRate() {
        return refusal.byLabel().values().stream()
                .mapToDouble(Double::doubleValue)
                .reduce(refusal.rate(), Math::max);
    }
}
