package dev.labelpanel.transforms.summary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/** Edits a run summary's JSON text: read as an object, changed, written back indented as every summary is. */
public final class SummaryJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SummaryJson() {}

    /** For the values an edit puts. */
    public static JsonNodeFactory nodes() {
        return JSON.getNodeFactory();
    }

    /** {@code summaryJson} as {@code edit} changes it; throws IllegalArgumentException if it is not a JSON object. */
    public static String edit(String summaryJson, Consumer<ObjectNode> edit) {
        try {
            if (!(JSON.readTree(summaryJson) instanceof ObjectNode root)) {
                throw new IllegalArgumentException("a run summary is a JSON object");
            }
            edit.accept(root);
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a run summary is a JSON object: " + e.getMessage(), e);
        }
    }

    /** Parses {@code json}, written by a stage of this program. */
    static com.fasterxml.jackson.databind.JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the run summary's sections are JSON written here: " + e.getMessage(), e);
        }
    }
}
