package dev.labelpanel.transforms;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The typed result of a stage with several outputs (Beam's {@code WithFailures.Result} shape): subclasses hold the
 * outputs in fields with getters and pass them here by name, once, for Beam's {@link POutput} view.
 */
public abstract class StageResult implements POutput {
    private final Pipeline pipeline;
    private final Map<TupleTag<?>, PValue> outputs = new LinkedHashMap<>();

    protected StageResult(Pipeline pipeline, Map<String, PCollection<?>> outputsByName) {
        this.pipeline = pipeline;
        outputsByName.forEach((name, output) -> outputs.put(new TupleTag<>(name), output));
    }

    @Override
    public final Pipeline getPipeline() {
        return pipeline;
    }

    @Override
    public final Map<TupleTag<?>, PValue> expand() {
        return Map.copyOf(outputs);
    }

    @Override
    public final void finishSpecifyingOutput(String transformName, PInput input, PTransform<?, ?> transform) {}
}
