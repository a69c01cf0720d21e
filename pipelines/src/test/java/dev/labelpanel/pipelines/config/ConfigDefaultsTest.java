package dev.labelpanel.pipelines.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.labelpanel.transforms.label.LabelingSpec;
import dev.labelpanel.transforms.llm.EndpointLabelerSpec;
import dev.labelpanel.transforms.llm.LlmEndpoint;
import dev.labelpanel.transforms.llm.cache.CacheMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Each default is stated once, in the Java records: {@code schemas/config.schema.json} and the key tables of
 * {@code configs/README.md} must name the same keys and the same defaults as the code that runs.
 */
class ConfigDefaultsTest {
    private static final Path ROOT = ConfigCheckTest.projectRoot();
    /** The least config with every section whose defaults are filled in: only these values are not defaults. */
    private static final String PROBE = "input: {paths: [x.jsonl]}\n"
            + "labelers: [{name: a, base_url: 'http://127.0.0.1:1/v1', model: m}]\n"
            + "roles: {panel: [a], filler: a, calibrator: a}\n"
            + "simulator: {profile: p.yaml}\n";

    private static final Set<String> GIVEN = Set.of(
            "input.paths",
            "labelers[].name",
            "labelers[].base_url",
            "labelers[].model",
            "roles.panel",
            "roles.filler",
            "roles.calibrator",
            "simulator.profile");

    @Test
    void theSchemaStatesExactlyTheDefaultsTheCodeApplies() throws Exception {
        Map<String, JsonNode> schema = schemaDefaults();
        Map<String, JsonNode> java = javaDefaults();
        assertEquals(schema.keySet(), java.keySet(), "keys with a default: schema vs Java");
        for (Map.Entry<String, JsonNode> e : schema.entrySet()) {
            assertTrue(
                    same(e.getValue(), java.get(e.getKey())),
                    e.getKey() + ": schema default " + e.getValue() + ", Java default " + java.get(e.getKey()));
        }
    }

    @Test
    void theReadmeTablesNameEveryKeyAndTheSameDefaults() throws Exception {
        Map<String, String> readme = readmeRows();
        assertEquals(schemaKeys(), readme.keySet(), "keys: schema vs configs/README.md");
        Map<String, JsonNode> schema = schemaDefaults();
        Map<String, String> literal = new TreeMap<>();
        readme.forEach((key, cell) -> {
            Matcher m = Pattern.compile("`([^`]*)`").matcher(cell);
            // A literal default is one value in backticks; one naming another key means "that key's value".
            if (cell.matches("`[^`]*`") && m.find() && !isKey(readme.keySet(), m.group(1))) {
                literal.put(key, m.group(1));
            }
        });
        assertEquals(schema.keySet(), literal.keySet(), "keys with a default: schema vs configs/README.md");
        schema.forEach((key, value) -> assertEquals(render(value), literal.get(key), key));
    }

    private static boolean isKey(Set<String> keys, String text) {
        return keys.stream().anyMatch(k -> k.equals(text) || k.startsWith(text + "."));
    }

    /** Defaults as the records fill them in, read back with the config's own value module. */
    private static Map<String, JsonNode> javaDefaults() throws Exception {
        RunConfig config = ConfigLoader.parse(PROBE, "probe.yaml");
        JsonNode tree = new ObjectMapper().registerModule(ConfigValues.module()).valueToTree(config);
        Map<String, JsonNode> defaults = new TreeMap<>();
        leaves(tree, "", defaults);
        GIVEN.forEach(defaults::remove);
        // Unset limits stay null in the record (limits.scope: job divides only configured ones): the endpoint's.
        LabelingSpec spec = LabelingPlan.of(config, "http://127.0.0.1:1/v1", CacheMode.OFF);
        LlmEndpoint endpoint = ((EndpointLabelerSpec) spec.panel().get(0)).endpoint();
        defaults.put("labelers[].max_concurrency", IntNode.valueOf(endpoint.maxConcurrency()));
        defaults.put("labelers[].requests_per_minute", LongNode.valueOf(endpoint.requestsPerMinute()));
        defaults.put("labelers[].tokens_per_minute", LongNode.valueOf(endpoint.tokensPerMinute()));
        // The Redis keys take their defaults with store: redis only.
        RunConfig redis =
                ConfigLoader.parse("input: {paths: [x]}\ncache: {store: redis, url: 'redis://h:6379/0'}\n", "r");
        defaults.put(
                "cache.key_prefix", TextNode.valueOf(redis.cache().redisStore().keyPrefix()));
        return defaults;
    }

    private static void leaves(JsonNode node, String path, Map<String, JsonNode> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                leaves(f.getValue(), path.isEmpty() ? f.getKey() : path + "." + f.getKey(), out);
            }
        } else if (path.equals("labelers")) {
            leaves(node.get(0), "labelers[]", out);
        } else if (!node.isNull()) {
            out.put(path, node);
        }
    }

    private static JsonNode schema() throws Exception {
        return new ObjectMapper()
                .readTree(ROOT.resolve("schemas/config.schema.json").toFile());
    }

    private static Map<String, JsonNode> schemaDefaults() throws Exception {
        Map<String, JsonNode> defaults = new TreeMap<>();
        JsonNode schema = schema();
        walk(schema, schema, "", false, (key, node) -> {
            if (node.has("default")) {
                defaults.put(key, node.get("default"));
            }
        });
        return defaults;
    }

    private static Set<String> schemaKeys() throws Exception {
        Set<String> keys = new TreeSet<>();
        JsonNode schema = schema();
        walk(schema, schema, "", false, (key, node) -> keys.add(key));
        return keys;
    }

    /**
     * Calls {@code visit} for each key as the README names it: sections are walked into, as are the labelers
     * ({@code labelers[].x}); lists of other objects ({@code labels}) and a labeler's own {@code prompts} are one key.
     */
    private static void walk(
            JsonNode root,
            JsonNode node,
            String path,
            boolean inRef,
            java.util.function.BiConsumer<String, JsonNode> visit) {
        boolean ref = node.has("$ref");
        if (ref && inRef) {
            visit.accept(path, node);
            return;
        }
        JsonNode resolved = ref ? root.at(node.get("$ref").asText().substring(1)) : node;
        if (resolved.has("properties")) {
            for (Iterator<Map.Entry<String, JsonNode>> it =
                            resolved.get("properties").fields();
                    it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                walk(root, f.getValue(), path.isEmpty() ? f.getKey() : path + "." + f.getKey(), inRef || ref, visit);
            }
        } else if (resolved.path("items").has("$ref") && !inRef) {
            walk(root, resolved.get("items"), path + "[]", false, visit);
        } else {
            visit.accept(path, resolved);
        }
    }

    /** The key cells and default cells of every key table; {@code a.b / .c} rows name two keys. */
    private static Map<String, String> readmeRows() throws Exception {
        Map<String, String> rows = new TreeMap<>();
        Pattern row = Pattern.compile("^\\| (`[^|]+`) \\| ([^|]+) \\|", Pattern.MULTILINE);
        Matcher m = row.matcher(Files.readString(ROOT.resolve("configs/README.md")));
        while (m.find()) {
            String[] keys = m.group(1).split(" / ");
            String[] cells = m.group(2).trim().split(" / ");
            String first = keys[0].replace("`", "");
            for (int i = 0; i < keys.length; i++) {
                String key = keys[i].replace("`", "");
                if (key.startsWith(".")) {
                    key = first.substring(0, first.lastIndexOf('.')) + key;
                }
                rows.put(
                        key, keys.length == cells.length ? cells[i] : m.group(2).trim());
            }
        }
        return rows;
    }

    /** A value as the README writes it: {@code 1} for 1.0, {@code [utterance, context]} for a list. */
    private static String render(JsonNode value) {
        if (value.isArray()) {
            StringBuilder s = new StringBuilder("[");
            value.forEach(v -> s.append(s.length() > 1 ? ", " : "").append(render(v)));
            return s.append(']').toString();
        }
        if (value.isNumber()) {
            double d = value.asDouble();
            return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
        }
        return value.asText();
    }

    private static boolean same(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return false;
        }
        return a.isNumber() && b.isNumber() ? a.asDouble() == b.asDouble() : a.equals(b);
    }
}
