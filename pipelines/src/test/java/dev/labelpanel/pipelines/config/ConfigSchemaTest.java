package dev.labelpanel.pipelines.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** schemas/config.schema.json accepts every shipped config and knows exactly the keys RunConfig reads. */
class ConfigSchemaTest {
    private static final Path ROOT = ConfigCheckTest.projectRoot();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static JsonSchema schema() throws Exception {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(ROOT.resolve("schemas/config.schema.json")));
    }

    @Test
    void theShippedConfigsMatchTheSchema() throws Exception {
        JsonSchema schema = schema();
        List<Path> configs;
        try (Stream<Path> files = Files.list(ROOT.resolve("configs"))) {
            configs = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(configs.size() >= 3, configs.toString());
        for (Path config : configs) {
            // Placeholders are replaced by their defaults first, as ConfigLoader does.
            String yaml = EnvInterpolation.apply(Files.readString(config), config.toString(), name -> null);
            Set<ValidationMessage> errors = schema.validate(YAML.readTree(yaml));
            assertEquals(Set.of(), errors, config.toString());
        }
    }

    @Test
    void anUnknownKeyAndABadEnumAreRejected() throws Exception {
        Set<ValidationMessage> errors = schema().validate(
                        YAML.readTree("input: {paths: [x]}\noutput: {compression: lz4}\ncache: {mod: use}\n"));
        assertEquals(2, errors.size(), errors.toString());
    }

    @Test
    void aRedisCacheNeedsAUrlWithoutAPasswordAndTheSqliteCacheTakesNoRedisKeys() throws Exception {
        JsonSchema schema = schema();
        String input = "input: {paths: [x]}\n";
        assertEquals(
                Set.of(),
                schema.validate(YAML.readTree(input + "cache: {store: redis, url: 'redis://cache:6379/2',"
                        + " password_env: REDIS_PASSWORD, key_prefix: 'team-a:', ttl_days: 30}\n")));
        assertEquals(Set.of(), schema.validate(YAML.readTree(input + "cache: {mode: use, dir: /tmp/c}\n")));
        for (String bad : List.of(
                "{store: redis}",
                "{store: redis, url: 'redis://:pw@cache:6379/0'}",
                "{store: redis, url: 'redis://cache:6379/0', dir: /tmp/c}",
                "{url: 'redis://cache:6379/0'}",
                "{dir: /tmp/c, ttl_days: 3}")) {
            assertTrue(
                    !schema.validate(YAML.readTree(input + "cache: " + bad + "\n"))
                            .isEmpty(),
                    bad);
        }
    }

    @Test
    void theSchemaNamesEveryRecordComponent() throws Exception {
        JsonNode schema = new ObjectMapper()
                .readTree(ROOT.resolve("schemas/config.schema.json").toFile());
        JsonNode props = schema.path("properties");
        assertEquals(keys(RunConfig.class), names(props));
        assertEquals(keys(RunConfig.Input.class), names(props.path("input").path("properties")));
        assertEquals(
                keys(RunConfig.Csv.class),
                names(props.path("input").path("properties").path("csv").path("properties")));
        assertEquals(keys(RunConfig.Items.class), names(props.path("items").path("properties")));
        assertEquals(keys(RunConfig.Dedup.class), names(props.path("dedup").path("properties")));
        assertEquals(keys(RunConfig.Splits.class), names(props.path("splits").path("properties")));
        assertEquals(keys(RunConfig.Output.class), names(props.path("output").path("properties")));
        assertEquals(
                keys(LabelingConfig.Label.class),
                names(props.path("labels").path("items").path("properties")));
        assertEquals(
                keys(LabelingConfig.Prompts.class),
                names(schema.path("$defs").path("prompts").path("properties")));
        assertEquals(
                keys(LabelingConfig.Labeler.class),
                names(schema.path("$defs").path("labeler").path("properties")));
        assertEquals(keys(LabelingConfig.Roles.class), names(props.path("roles").path("properties")));
        assertEquals(keys(LabelingConfig.Cache.class), names(props.path("cache").path("properties")));
        assertEquals(
                keys(LabelingConfig.Simulator.class),
                names(props.path("simulator").path("properties")));
        assertEquals(keys(RunConfig.Watch.class), names(props.path("watch").path("properties")));
        assertEquals(
                keys(RunConfig.Incremental.class),
                names(props.path("incremental").path("properties")));
        assertFalse(schema.path("additionalProperties").asBoolean(true));
    }

    private static List<String> keys(Class<? extends Record> type) {
        List<String> keys = new ArrayList<>();
        for (var component : type.getRecordComponents()) {
            keys.add(component
                    .getAccessor()
                    .getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class)
                    .value());
        }
        return keys.stream().sorted().toList();
    }

    private static List<String> names(JsonNode properties) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = properties.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names.stream().sorted().toList();
    }
}
