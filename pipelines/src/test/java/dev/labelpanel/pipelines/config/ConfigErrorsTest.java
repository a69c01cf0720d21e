package dev.labelpanel.pipelines.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.transforms.llm.cache.CacheMode;
import org.junit.jupiter.api.Test;

/** Each config mistake a user is likely to make gives one message naming the key and what to do. */
class ConfigErrorsTest {
    private static final String INPUT = "input:\n  paths: [x.jsonl]\n";
    private static final String LABELERS = "labelers:\n"
            + "  - {name: a, base_url: 'http://127.0.0.1:1/v1', model: m}\n"
            + "  - {name: b, base_url: 'http://127.0.0.1:1/v1', model: m}\n";

    private static String error(String yaml) {
        return assertThrows(ConfigException.class, () -> plan(yaml)).getMessage();
    }

    private static void plan(String yaml) {
        RunConfig config = ConfigLoader.parse(yaml, "run.yaml");
        LabelingPlan.of(config, null, CacheMode.OFF);
    }

    @Test
    void anAdaptivePanelCannotFeedDawidSkene() {
        assertTrue(error(INPUT + "panel_mode: adaptive\naggregation: dawid-skene\n")
                .contains("aggregation: dawid-skene needs every panel vote"));
    }

    @Test
    void itemsIsReadUnderItsFormerNameSplittingToo() {
        assertEquals(
                2,
                ConfigLoader.parse(INPUT + "items: {context_turns: 2}\n", "run.yaml")
                        .items()
                        .contextTurns());
        assertEquals(
                3,
                ConfigLoader.parse(INPUT + "splitting: {context_turns: 3}\n", "run.yaml")
                        .items()
                        .contextTurns());
    }

    @Test
    void batchModeKeysNameTheKeyAndTheAllowedValues() {
        String message =
                error(INPUT + "labelers:\n  - {name: a, base_url: 'http://127.0.0.1:1/v1', model: m, mode: turbo}\n");
        assertTrue(message.contains("labelers[].mode must be online or batch but was 'turbo'"), message);
        message = error(INPUT + "batch: {max_requests: 60000}\n");
        assertTrue(message.contains("batch.max_requests must be between 1 and 50000 but was 60000"), message);
        message = error(INPUT + "batch: {poll_interval: 1m, max_poll_interval: 10s}\n");
        assertTrue(message.contains("batch.max_poll_interval must be at least batch.poll_interval"), message);
    }

    @Test
    void anUnknownKeyNamesItsLineAndTheAllowedKeys() {
        String message = error(INPUT + "splits:\n  train: 0.82\n  sed: 7\n");
        assertTrue(message.startsWith("run.yaml line 5, column"), message);
        assertTrue(message.contains("unknown key 'sed'"), message);
        assertTrue(message.contains("seed"), message);
    }

    @Test
    void aWatchDurationNeedsAUnitAndTheWindowWholeSeconds() {
        String message = error(INPUT + "watch:\n  poll_interval: 30\n");
        assertTrue(
                message.contains("watch.poll_interval must be a duration such as 500ms, 30s, 2m or 1h but was '30'"),
                message);
        message = error(INPUT + "watch:\n  window: 1500ms\n");
        assertTrue(
                message.contains("watch.window must be a whole number of seconds, at least 1s, but was 1500ms"),
                message);
    }

    @Test
    void aBadValueIsReportedOnceWhereItIsReadNamingItsKeyAndLine() {
        assertEquals(
                "run.yaml line 4, column 16: output.compression must be one of snappy, zstd, gzip, uncompressed"
                        + " but was 'lz4'",
                error(INPUT + "output:\n  compression: lz4\n"));
        String message = error(INPUT + "splitting: {granularities: [utterance, turn]}\n");
        assertTrue(
                message.contains("splitting.granularities must be one of utterance, context but was 'turn'"), message);
    }

    @Test
    void ratiosMustSumToOne() {
        String message = error(INPUT + "splits: {train: 0.8, validation: 0.1, test: 0.2}\n");
        assertTrue(message.contains("must be 1 but 0.8 + 0.1 + 0.2"), message);
    }

    @Test
    void aggregationMustBeAKnownMethodAndFillBelowAProbability() {
        String roles = "roles: {panel: [a, b], filler: b, calibrator: b}\n";
        String method = error(INPUT + LABELERS + roles + "aggregation: weighted\n");
        assertTrue(method.contains("aggregation must be one of majority, dawid-skene but was 'weighted'"), method);
        String threshold = error(INPUT + LABELERS + roles + "aggregation: dawid-skene\nfill_below: 1.5\n");
        assertTrue(threshold.contains("fill_below must be between 0 and 1 but was 1.5"), threshold);
    }

    @Test
    void aRoleMustNameAConfiguredLabeler() {
        String message = error(INPUT + LABELERS + "roles: {panel: [a, c], filler: b, calibrator: b}\n");
        assertEquals("roles.panel names 'c', which is not a labeler; labelers are [a, b]", message);
    }

    @Test
    void labelerNamesAreUnique() {
        String message = error(INPUT + LABELERS + "  - {name: a, base_url: 'http://h/v1', model: m}\n"
                + "roles: {panel: [a], filler: b, calibrator: b}\n");
        assertEquals("labelers[2].name 'a' is used twice", message);
    }

    @Test
    void anUnknownPlaceholderIsAConfigError() {
        String message = error(INPUT + LABELERS + "roles: {panel: [a], filler: b, calibrator: b}\n"
                + "prompts:\n  utterance: 'Label {txt} as one of {labels}'\n");
        assertTrue(message.contains("prompts.utterance uses the unknown placeholder {txt}"), message);
    }

    @Test
    void theSimulatorBaseUrlNeedsASimulatorSection() {
        String message = error(INPUT + "labelers:\n  - {name: a, base_url: simulator, model: m}\n"
                + "roles: {panel: [a], filler: a, calibrator: a}\n");
        assertTrue(message.contains("add a simulator: section"), message);
    }

    @Test
    void aBadVoteRuleSaysWhatIsAllowed() {
        String message = assertThrows(
                        RuntimeException.class,
                        () -> plan(
                                INPUT + LABELERS + "roles: {panel: [a], filler: b, calibrator: b}\nvote_rule: most\n"))
                .getMessage();
        assertTrue(message.contains("vote_rule"), message);
        assertTrue(message.contains("panel-majority"), message);
    }

    @Test
    void theConfigHashIgnoresKeysAndConcurrencyButNotModels() {
        String base = INPUT + "roles: {panel: [a], filler: b, calibrator: b}\n";
        String one = LabelingPlan.configHash(ConfigLoader.parse(base + LABELERS, "x"));
        String keyed = LabelingPlan.configHash(ConfigLoader.parse(
                base + LABELERS.replace("model: m}", "model: m, api_key_env: K, max_concurrency: 4}"), "x"));
        String other =
                LabelingPlan.configHash(ConfigLoader.parse(base + LABELERS.replace("model: m}", "model: m2}"), "x"));
        assertEquals(one, keyed);
        assertTrue(!one.equals(other));
    }

    @Test
    void aRedisCacheNeedsAUrlWithoutAPasswordAndNoSqliteFolder() {
        assertTrue(error(INPUT + "cache: {store: redis}\n").contains("cache.store: redis needs cache.url"));
        String withPassword = error(INPUT + "cache: {store: redis, url: 'redis://:s3cret@cache.example:6379/0'}\n");
        assertTrue(withPassword.contains("redis://:****@cache.example:6379/0 carries a password"), withPassword);
        assertTrue(withPassword.contains("cache.password_env"), withPassword);
        assertTrue(!withPassword.contains("s3cret"), withPassword);
        String withDir = error(INPUT + "cache: {store: redis, url: 'redis://h:6379/0', dir: /tmp/c}\n");
        assertTrue(withDir.contains("remove cache.dir"), withDir);
        String badDb = error(INPUT + "cache: {store: redis, url: 'redis://h:6379/zero'}\n");
        assertTrue(badDb.contains("the path is the database number"), badDb);
    }

    @Test
    void redisKeysOnTheSqliteStoreAndUnknownStoresAreErrors() {
        String message = error(INPUT + "cache: {ttl_days: 7}\n");
        assertTrue(message.contains("cache.ttl_days is for store: redis, but cache.store is sqlite"), message);
        assertTrue(error(INPUT + "cache: {store: memcached}\n").contains("cache.store must be sqlite or redis"));
    }
}
