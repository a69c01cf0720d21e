package dev.labelpanel.transforms.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labelpanel.transforms.PipelineTest;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;

class AddSectionTest extends PipelineTest {
    @Test
    void addsTheSectionAndKeepsTheCounts() throws Exception {
        JsonNode root = new ObjectMapper()
                .readTree(AddSection.add(
                        "{\"records\":{\"read\":3}}", "method", "{\"labeled\":true,\"labels\":[\"A\",\"B\"]}"));
        assertEquals(3, root.path("records").path("read").asLong());
        assertEquals("B", root.path("method").path("labels").path(1).asText());
    }

    @Test
    void theTransformAddsTheSectionToEachSummary() {
        String summary = "{\"records\":{\"read\":3}}";
        PAssert.that(p.apply(Create.of(summary)).apply(AddSection.of("method", "{\"labeled\":true}")))
                .containsInAnyOrder(AddSection.add(summary, "method", "{\"labeled\":true}"));
        p.run().waitUntilFinish();
    }

    @Test
    void aSectionMustBeAJsonObject() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AddSection.of("method", "[1]"));
        assertEquals("the summary section method must be a JSON object", e.getMessage());
    }
}
