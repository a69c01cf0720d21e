package dev.labelpanel.simulator.server;

import dev.labelpanel.simulator.ModelStats;
import dev.labelpanel.simulator.SimulatorStats;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** The server's counters: per model, requests in flight (and the maximum), and requests rejected by status. */
final class StatsRecorder {
    private final Collection<String> models;
    private final List<String> labels;
    private final AtomicReference<Map<String, ModelCounters>> counters = new AtomicReference<>();
    private final Map<Integer, LongAdder> rejected = new ConcurrentHashMap<>();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong inFlightMax = new AtomicLong();

    StatsRecorder(Collection<String> models, List<String> labels) {
        this.models = models;
        this.labels = labels;
        reset();
    }

    ModelCounters model(String name) {
        return counters.get().get(name);
    }

    void rejected(int status) {
        rejected.computeIfAbsent(status, s -> new LongAdder()).increment();
    }

    void started(ModelCounters model) {
        long now = inFlight.incrementAndGet();
        inFlightMax.accumulateAndGet(now, Math::max);
        model.started();
    }

    void finished(ModelCounters model) {
        inFlight.decrementAndGet();
        model.finished();
    }

    /** Zeroes every counter; the in-flight maximum restarts from the requests in flight now. */
    void reset() {
        Map<String, ModelCounters> fresh = new LinkedHashMap<>();
        models.forEach(model -> fresh.put(model, new ModelCounters(labels)));
        counters.set(fresh);
        rejected.clear();
        inFlightMax.set(inFlight.get());
    }

    SimulatorStats snapshot() {
        Map<String, ModelStats> perModel = new LinkedHashMap<>();
        counters.get().forEach((name, modelCounters) -> perModel.put(name, modelCounters.snapshot()));
        Map<String, Long> rejectedCounts = new LinkedHashMap<>();
        rejected.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> rejectedCounts.put(
                        String.valueOf(e.getKey()), e.getValue().sum()));
        return new SimulatorStats(perModel, inFlight.get(), inFlightMax.get(), rejectedCounts);
    }
}
