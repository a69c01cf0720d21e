package dev.labelpanel.simulator;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A snapshot of the simulator's counters ({@code GET /stats}): per model, requests currently in flight, the most in
 * flight at once, and requests rejected before reaching a model, by HTTP status (400, 401, 404, 405).
 */
public record SimulatorStats(
        @JsonProperty("models") Map<String, ModelStats> models,
        @JsonProperty("in_flight") long inFlight,
        @JsonProperty("in_flight_max") long inFlightMax,
        @JsonProperty("rejected") Map<String, Long> rejected) {

    /** The counts of one model; throws if the profile has no such model. */
    public ModelStats model(String name) {
        ModelStats stats = models.get(name);
        if (stats == null) {
            throw new IllegalArgumentException("No simulated model '" + name + "'; models are " + models.keySet());
        }
        return stats;
    }

    /** Requests to all models. */
    public long totalRequests() {
        return models.values().stream().mapToLong(ModelStats::requests).sum();
    }
}
