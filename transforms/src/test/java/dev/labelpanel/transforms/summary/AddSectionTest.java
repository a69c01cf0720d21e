package dev.labelpanel.transforms.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class AddSectionTest {
    @Test
    void addsTheSectionAndKeepsTheCounts() throws Exception {
        JsonNode root = new ObjectMapper()
                .readTree(AddSection.add(
                        "{\"records\":{\"read\":3}}", "method", "{\"labeled\":true,\"labels\":[\"A\",\"B\"]}"));
        assertEquals(3, root.path("records").path("read").asLong());
        assertEquals("B", root.path("method").path("labels").path(1).asText());
    }

    @Test
    void aSectionMustBeAJsonObject() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AddSection.of("method", "[1]"));
        assertEquals("the summary section method must be a JSON object", e.getMessage());
    }
}
