package dev.labelpanel.pipelines.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labelpanel.pipelines.report.ProgressReporter;
import dev.labelpanel.transforms.label.BatchMetrics;
import dev.labelpanel.transforms.llm.LlmClients;
import dev.labelpanel.transforms.summary.AddSection;
import java.io.IOException;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;

/**
 * The {@code batches} section of a finished run's summary: the Batch API batches this run submitted, their requests,
 * and how the batches it waited on ended (resumed ones included). Read from the job's Beam metrics, which the runner
 * sums over its workers ({@link BatchMetrics}), plus what this JVM counted after the workers' last report; added by
 * {@code labelpanel run} once the job is done.
 */
public final class BatchSection {
    public static final String NAME = "batches";

    private BatchSection() {}

    /** The section's JSON for {@code progress} (counts since the run started). */
    static String json(LlmClients.BatchProgress progress) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode node = json.createObjectNode();
        node.put("submitted", progress.batchesSubmitted());
        node.put("requests_submitted", progress.requestsSubmitted());
        ObjectNode ended = node.putObject("ended");
        progress.endedByStatus().forEach(ended::put);
        return node.toString();
    }

    /**
     * The batch counts of the finished job {@code result}: its workers' metrics, plus this JVM's batch events since
     * their last report (on the Direct runner this JVM is the worker; a batch may end after the last bundle).
     */
    public static LlmClients.BatchProgress of(PipelineResult result) {
        LlmClients.BatchProgress workers;
        try {
            workers = BatchMetrics.fromCounters(ProgressReporter.counters(result));
        } catch (UnsupportedOperationException e) {
            workers = new LlmClients.BatchProgress(0, 0, 0, 0, Map.of());
        }
        return workers.plus(BatchMetrics.unreported());
    }

    /** Adds the section to the summary at {@code location}, local or remote (see {@link ReplaceFile#edit}). */
    public static void addTo(String location, LlmClients.BatchProgress progress) throws IOException {
        String section = json(progress);
        ReplaceFile.edit(location, summary -> AddSection.add(summary, NAME, section));
    }
}
