package dev.labelpanel.pipelines.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The Hugging Face {@code datasets} features of the output rows, in the dataset card's YAML form, derived from the
 * rows' Avro schema (so a column added later is described too): strings, numbers and booleans as {@code dtype},
 * records as {@code struct}, arrays as {@code list}, and {@code label_id} as a {@code class_label} with the label
 * names. A type {@code datasets} has no YAML form for (an Avro map) gives null: the card then leaves the features
 * to be read from the Parquet files.
 */
final class FeatureSchema {
    static final String LABEL_ID = "label_id";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private FeatureSchema() {}

    /** The feature list of {@code schema} (a record), or null when a field has no YAML form. */
    static ArrayNode features(Schema schema, List<String> labelNames) {
        ArrayNode features = JSON.arrayNode();
        for (Schema.Field field : schema.getFields()) {
            ObjectNode feature = JSON.objectNode().put("name", field.name());
            if (field.name().equals(LABEL_ID) && !labelNames.isEmpty()) {
                ObjectNode names =
                        feature.putObject("dtype").putObject("class_label").putObject("names");
                for (int i = 0; i < labelNames.size(); i++) {
                    names.put(Integer.toString(i), labelNames.get(i));
                }
            } else if (!describe(feature, field.schema())) {
                return null;
            }
            features.add(feature);
        }
        return features;
    }

    /** Sets {@code dtype}, {@code struct} or {@code list} on {@code feature}; false for a type with no YAML form. */
    private static boolean describe(ObjectNode feature, Schema schema) {
        Schema s = nonNull(schema);
        if (s == null) {
            return false;
        }
        switch (s.getType()) {
            case RECORD -> {
                ArrayNode fields = features(s, List.of());
                if (fields == null) {
                    return false;
                }
                feature.set("struct", fields);
                return true;
            }
            case ARRAY -> {
                JsonNode element = element(s.getElementType());
                if (element == null) {
                    return false;
                }
                feature.set("list", element);
                return true;
            }
            default -> {
                String dtype = dtype(s);
                if (dtype == null) {
                    return false;
                }
                feature.put("dtype", dtype);
                return true;
            }
        }
    }

    /** An array's element: a dtype name, or a struct's field list. */
    private static JsonNode element(Schema schema) {
        Schema s = nonNull(schema);
        if (s == null) {
            return null;
        }
        if (s.getType() == Schema.Type.RECORD) {
            return features(s, List.of());
        }
        String dtype = dtype(s);
        return dtype == null ? null : JSON.textNode(dtype);
    }

    private static String dtype(Schema s) {
        return switch (s.getType()) {
            case STRING, ENUM -> "string";
            case INT -> "int32";
            case LONG -> "int64";
            case FLOAT -> "float32";
            case DOUBLE -> "float64";
            case BOOLEAN -> "bool";
            case BYTES -> "binary";
            default -> null;
        };
    }

    /** The non-null branch of a nullable union, the schema itself if not a union; null for other unions. */
    private static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        List<Schema> types = schema.getTypes().stream()
                .filter(t -> t.getType() != Schema.Type.NULL)
                .toList();
        return types.size() == 1 ? types.get(0) : null;
    }
}
