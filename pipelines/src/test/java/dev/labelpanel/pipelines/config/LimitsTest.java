package dev.labelpanel.pipelines.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.transforms.label.LabelingSpec;
import dev.labelpanel.transforms.llm.EndpointLabelerSpec;
import dev.labelpanel.transforms.llm.LabelerSpec;
import dev.labelpanel.transforms.llm.LlmEndpoint;
import dev.labelpanel.transforms.llm.cache.CacheMode;
import org.junit.jupiter.api.Test;

/** {@code limits}: a labeler's caps hold per worker JVM, or are job totals shared out over the workers. */
class LimitsTest {
    private static final String CONFIG = "input:\n  paths: [x.jsonl]\n"
            + "labelers:\n"
            + "  - {name: a, base_url: 'http://127.0.0.1:1/v1', model: m, max_concurrency: 64,"
            + " requests_per_minute: 3000, tokens_per_minute: 100000}\n"
            + "  - {name: b, base_url: 'http://127.0.0.1:1/v1', model: m, max_concurrency: 3}\n"
            + "  - {name: c, base_url: 'http://127.0.0.1:1/v1', model: m}\n"
            + "roles: {panel: [a], filler: b, calibrator: c}\n";

    private static LlmEndpoint endpoint(LabelerSpec spec) {
        return ((EndpointLabelerSpec) spec).endpoint();
    }

    private static LabelingSpec plan(String yaml) {
        return LabelingPlan.of(ConfigLoader.parse(yaml, "run.yaml"), null, CacheMode.OFF);
    }

    @Test
    void byDefaultEveryWorkerHoldsTheConfiguredLimits() {
        LabelingSpec spec = plan(CONFIG);
        assertEquals(64, endpoint(spec.panel().get(0)).maxConcurrency());
        assertEquals(3000, endpoint(spec.panel().get(0)).requestsPerMinute());
        assertEquals(3, endpoint(spec.filler()).maxConcurrency());
    }

    @Test
    void jobScopeSharesEachConfiguredLimitOutOverTheWorkers() {
        LabelingSpec spec = plan(CONFIG + "limits: {scope: job, workers: 8}\n");
        LlmEndpoint a = endpoint(spec.panel().get(0));
        assertEquals(8, a.maxConcurrency());
        assertEquals(375, a.requestsPerMinute());
        assertEquals(12_500, a.tokensPerMinute());
        assertEquals(1, endpoint(spec.filler()).maxConcurrency(), "a share rounds down but never to 0");
        assertEquals(0, endpoint(spec.filler()).requestsPerMinute(), "no budget stays no budget");
        assertEquals(
                LlmEndpoint.DEFAULT_MAX_CONCURRENCY,
                endpoint(spec.calibrator()).maxConcurrency(),
                "a labeler without max_concurrency keeps the per-worker default");
    }

    @Test
    void jobScopeWithoutAWorkerCountIsAConfigError() {
        String message = assertThrows(ConfigException.class, () -> plan(CONFIG + "limits: {scope: job}\n"))
                .getMessage();
        assertTrue(message.contains("limits.scope: job needs limits.workers"), message);
    }

    @Test
    void anUnknownScopeIsAConfigError() {
        String message = assertThrows(
                        ConfigException.class, () -> plan(CONFIG + "limits: {scope: cluster, workers: 2}\n"))
                .getMessage();
        assertTrue(message.contains("limits.scope must be 'worker' or 'job'"), message);
    }

    @Test
    void deferredAttemptsAndDeadlineReachEveryEndpointWithTheirDefaultsOtherwise() {
        LlmEndpoint byDefault = endpoint(plan(CONFIG).panel().get(0));
        assertEquals(LlmEndpoint.DEFAULT_DEFERRED_ATTEMPTS, byDefault.deferredAttempts());
        assertEquals(LlmEndpoint.DEFAULT_DEFERRED_DEADLINE, byDefault.deferredDeadline());

        LabelingSpec spec = plan(CONFIG + "limits: {deferred_attempts: 0, deferred_deadline: 90s}\n");
        assertEquals(0, endpoint(spec.filler()).deferredAttempts());
        assertEquals(
                java.time.Duration.ofSeconds(90), endpoint(spec.calibrator()).deferredDeadline());
    }

    @Test
    void aBadDeferredDeadlineIsAConfigErrorNamingTheKey() {
        String message = assertThrows(ConfigException.class, () -> plan(CONFIG + "limits: {deferred_deadline: soon}\n"))
                .getMessage();
        assertTrue(
                message.contains(
                        "limits.deferred_deadline must be a duration such as 500ms, 30s, 2m or 1h but was 'soon'"),
                message);
    }
}
