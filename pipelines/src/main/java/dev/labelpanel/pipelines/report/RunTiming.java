package dev.labelpanel.pipelines.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.labelpanel.transforms.summary.SummaryJson;
import dev.labelpanel.transforms.summary.SummaryKey;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * When a {@code labelpanel run} started and when its job was done, as the run summary's {@code timing} section
 * records them ({@link SummaryKey#timing()}). The job cannot know its own end, so {@code labelpanel run} adds the
 * section to a local output's summary once the job is done; the report reads the wall time from it, so a report
 * rebuilt later ({@code labelpanel report}, {@code labelpanel train}) shows the same figure as the run's own.
 */
public record RunTiming(Instant started, Instant ended) {
    /** The timing of a run that started at {@code started} and took {@code wallTime} (to the millisecond). */
    public static RunTiming of(Instant started, Duration wallTime) {
        Instant start = started.truncatedTo(ChronoUnit.MILLIS);
        return new RunTiming(start, start.plus(wallTime.truncatedTo(ChronoUnit.MILLIS)));
    }

    /** The timing recorded in {@code summary}, or null when it has none (see docs/run-summary.md, {@code timing}). */
    public static RunTiming of(RunSummary summary) {
        JsonNode started = summary.find(SummaryKey.timingStarted());
        JsonNode ended = summary.find(SummaryKey.timingEnded());
        if (!started.isTextual() || !ended.isTextual()) {
            return null;
        }
        try {
            return new RunTiming(Instant.parse(started.asText()), Instant.parse(ended.asText()));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public Duration wallTime() {
        return Duration.between(started, ended);
    }

    /** {@code summaryJson} with this timing as its {@code timing} section. */
    public String addTo(String summaryJson) {
        return SummaryJson.edit(summaryJson, summary -> {
            JsonNodeFactory nodes = SummaryJson.nodes();
            SummaryKey.timingStarted().put(summary, nodes.textNode(started.toString()));
            SummaryKey.timingEnded().put(summary, nodes.textNode(ended.toString()));
            SummaryKey.wallSeconds().put(summary, nodes.numberNode(wallTime().toMillis() / 1000.0));
        });
    }
}
