package dev.labelpanel.pipelines.run;

import java.io.Serializable;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Watch;
import org.joda.time.Instant;

/**
 * Tells a watching read to stop polling: {@link #raise} it and, at its next poll, the read takes the files found
 * then and ends; the watermark then passes every open window, so they are written in full and the job finishes
 * (a drain). The flag lives in this JVM (a per-JVM registry keyed by a random id, so runs in one JVM don't share
 * it): it reaches the read on the Direct runner and on Flink's local mini-cluster, not on a remote cluster.
 */
public final class StopSignal implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Raised signals of this JVM, by id. */
    private static final Map<String, Boolean> RAISED = new ConcurrentHashMap<>();

    private final String id;

    private StopSignal(String id) {
        this.id = id;
    }

    public static StopSignal create() {
        return new StopSignal(UUID.randomUUID().toString());
    }

    public void raise() {
        RAISED.put(id, true);
    }

    public boolean raised() {
        return RAISED.getOrDefault(id, false);
    }

    /** A termination condition for {@code Watch} (and {@code FileIO.matchAll().continuously}): stop once raised. */
    public Watch.Growth.TerminationCondition<String, Integer> untilRaised() {
        return new UntilRaised(this);
    }

    private static final class UntilRaised implements Watch.Growth.TerminationCondition<String, Integer> {
        private static final long serialVersionUID = 1L;

        private final StopSignal signal;

        UntilRaised(StopSignal signal) {
            this.signal = signal;
        }

        @Override
        public Coder<Integer> getStateCoder() {
            return VarIntCoder.of();
        }

        @Override
        public Integer forNewInput(Instant now, String input) {
            return 0;
        }

        @Override
        public boolean canStopPolling(Instant now, Integer state) {
            return signal.raised();
        }

        @Override
        public String toString(Integer state) {
            return "until stopped (" + (signal.raised() ? "stop requested" : "running") + ")";
        }
    }
}
