package dev.labelpanel.pipelines.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labelpanel.transforms.llm.LlmClients;
import dev.labelpanel.transforms.summary.AddSection;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The {@code batches} section of a finished run's summary: the Batch API batches this run submitted, their requests,
 * and how the batches it waited on ended (resumed ones included). Counted by the JVM that ran the job (the Direct
 * runner, or a cluster runner in local mode); added by {@code labelpanel run} once the job is done.
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
        node.put("counted_by", "the JVM that ran the job");
        return node.toString();
    }

    /** Adds the section to the local summary file, replacing it atomically (it stays the output's last file). */
    public static void addTo(Path summaryFile, LlmClients.BatchProgress progress) throws IOException {
        String section = json(progress);
        ReplaceFile.edit(summaryFile, summary -> AddSection.add(summary, NAME, section));
    }
}
