package dev.labelpanel.simulator.server;

import dev.labelpanel.simulator.ModelStats;
import dev.labelpanel.simulator.answer.Answer;
import dev.labelpanel.simulator.answer.AnswerKind;
import dev.labelpanel.simulator.profile.FaultKind;
import dev.labelpanel.simulator.scenario.Outcome;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe counters of one model, read as a {@link ModelStats} snapshot. */
final class ModelCounters {
    private final List<String> labels;
    private final LongAdder requests = new LongAdder();
    private final Map<String, LongAdder> byLabel = new ConcurrentHashMap<>();
    private final Map<AnswerKind, LongAdder> byKind = new EnumMap<>(AnswerKind.class);
    private final Map<FaultKind, LongAdder> faults = new EnumMap<>(FaultKind.class);
    private final LongAdder contentFilter = new LongAdder();
    private final LongAdder truncated = new LongAdder();
    private final LongAdder corrections = new LongAdder();
    private final LongAdder flips = new LongAdder();
    private final LongAdder unrecognized = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder promptTokens = new LongAdder();
    private final LongAdder completionTokens = new LongAdder();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong inFlightMax = new AtomicLong();

    ModelCounters(List<String> labels) {
        this.labels = labels;
        labels.forEach(label -> byLabel.put(label, new LongAdder()));
        for (AnswerKind kind : AnswerKind.values()) {
            byKind.put(kind, new LongAdder());
        }
        for (FaultKind kind : FaultKind.values()) {
            faults.put(kind, new LongAdder());
        }
    }

    void request() {
        requests.increment();
    }

    /** A request to this model started; it counts as in flight until {@link #finished}. */
    void started() {
        inFlightMax.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    }

    void finished() {
        inFlight.decrementAndGet();
    }

    void rateLimited() {
        rateLimited.increment();
    }

    /** Counts an attempt's outcome: its fault, or its delivered answer. */
    void outcome(Outcome outcome) {
        if (!outcome.promptRecognized()) {
            unrecognized.increment();
        }
        if (outcome.faulted()) {
            faults.get(outcome.fault()).increment();
            return;
        }
        Answer answer = outcome.answer();
        byKind.get(answer.kind()).increment();
        if (answer.label() != null) {
            byLabel.get(answer.label()).increment();
        }
        if ("content_filter".equals(outcome.finishReason())) {
            contentFilter.increment();
        }
        if ("length".equals(outcome.finishReason())) {
            truncated.increment();
        }
        if (answer.corrected()) {
            corrections.increment();
        }
        if (answer.flipped()) {
            flips.increment();
        }
        promptTokens.add(outcome.usage().promptTokens());
        completionTokens.add(outcome.usage().completionTokens());
    }

    ModelStats snapshot() {
        Map<String, Long> labelCounts = new LinkedHashMap<>();
        labels.forEach(label -> labelCounts.put(label, byLabel.get(label).sum()));
        Map<String, Long> kindCounts = new LinkedHashMap<>();
        byKind.forEach((kind, count) -> kindCounts.put(kind.key(), count.sum()));
        Map<String, Long> faultCounts = new LinkedHashMap<>();
        faults.forEach((kind, count) -> faultCounts.put(kind.key(), count.sum()));
        return new ModelStats(
                requests.sum(),
                labelCounts,
                kindCounts,
                byKind.get(AnswerKind.REFUSAL).sum(),
                contentFilter.sum(),
                truncated.sum(),
                corrections.sum(),
                flips.sum(),
                unrecognized.sum(),
                faultCounts,
                rateLimited.sum(),
                promptTokens.sum(),
                completionTokens.sum(),
                inFlightMax.get());
    }
}
