package dev.labelpanel.transforms.summary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labelpanel.transforms.Arguments;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Adds a section known before the job runs (such as how the run labels: {@code method}) to the summary JSON of
 * {@link SummarizeRun}, as the top-level field {@code name}: the summary then describes the whole run, so what is
 * derived from it (the report, the dataset card) can always be rebuilt from the output folder alone.
 */
public final class AddSection extends PTransform<PCollection<String>, PCollection<String>> {
    private static final long serialVersionUID = 1L;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final String sectionJson;

    private AddSection(String name, String sectionJson) {
        this.name = name;
        this.sectionJson = sectionJson;
    }

    /** Adds {@code sectionJson} (a JSON object) under the top-level key {@code name}. */
    public static AddSection of(String name, String sectionJson) {
        Arguments.check(
                name != null && !name.isBlank() && !name.contains("/"),
                "a summary section needs a name without '/' but was %s",
                name);
        try {
            Arguments.check(
                    JSON.readTree(sectionJson).isObject(), "the summary section %s must be a JSON object", name);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the summary section " + name + " is not JSON: " + e.getMessage(), e);
        }
        return new AddSection(name, sectionJson);
    }

    @Override
    public PCollection<String> expand(PCollection<String> summary) {
        String section = name;
        String json = sectionJson;
        return summary.apply(
                        "Add_" + name,
                        MapElements.into(TypeDescriptors.strings()).via(s -> add(s, section, json)))
                .setCoder(StringUtf8Coder.of());
    }

    /** {@code summaryJson} with {@code sectionJson} set as its field {@code name}. */
    public static String add(String summaryJson, String name, String sectionJson) {
        ObjectNode wrapper = JSON.createObjectNode();
        try {
            wrapper.set(name, JSON.readTree(sectionJson));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the summary section " + name + " is not JSON: " + e.getMessage(), e);
        }
        return AddSections.merge(summaryJson, List.of(wrapper.toString()));
    }
}
