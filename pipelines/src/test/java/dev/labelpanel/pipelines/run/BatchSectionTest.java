package dev.labelpanel.pipelines.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labelpanel.transforms.llm.LlmClients;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code batches} section as docs/run-summary.md names its keys, replacing any the summary had. */
class BatchSectionTest {
    @Test
    void theSectionHasTheDocumentedKeysAndReplacesAnOlderOne() throws Exception {
        String summary = "{\"records\":{\"read\":5},\"batches\":{\"submitted\":99,\"ended\":{\"failed\":9}}}";
        String written = BatchSection.withSection(
                summary, new LlmClients.BatchProgress(1, 10, 7, 900, Map.of("completed", 6L, "expired", 1L)));

        JsonNode root = new ObjectMapper().readTree(written);
        assertEquals(
                new ObjectMapper()
                        .readTree(
                                "{\"submitted\":7,\"requests_submitted\":900,\"ended\":{\"completed\":6,\"expired\":1}}"),
                root.path("batches"));
        assertEquals(5, root.path("records").path("read").asInt(), "the rest of the summary is kept");
        assertTrue(written.contains("\n  \"batches\""), "indented like every summary: " + written);
    }
}
