package dev.labelpanel.pipelines.run;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.labelpanel.pipelines.report.ProgressReporter;
import dev.labelpanel.transforms.label.BatchMetrics;
import dev.labelpanel.transforms.llm.LlmClients;
import dev.labelpanel.transforms.summary.SummaryJson;
import dev.labelpanel.transforms.summary.SummaryKey;
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
    private BatchSection() {}

    /** {@code summaryJson} with the section for {@code progress} (the run's counts) in place of any it had. */
    static String withSection(String summaryJson, LlmClients.BatchProgress progress) {
        return SummaryJson.edit(summaryJson, summary -> {
            JsonNodeFactory nodes = SummaryJson.nodes();
            summary.remove(SummaryKey.batches().path());
            SummaryKey.batchesSubmitted().put(summary, nodes.numberNode(progress.batchesSubmitted()));
            SummaryKey.batchRequestsSubmitted().put(summary, nodes.numberNode(progress.requestsSubmitted()));
            progress.endedByStatus()
                    .forEach((status, n) -> SummaryKey.batchesEnded(status).put(summary, nodes.numberNode(n)));
        });
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
        ReplaceFile.edit(location, summary -> withSection(summary, progress));
    }
}
