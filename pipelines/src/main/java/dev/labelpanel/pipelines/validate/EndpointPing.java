package dev.labelpanel.pipelines.validate;

import dev.labelpanel.pipelines.config.LabelingPlan;
import dev.labelpanel.pipelines.config.RunConfig;
import dev.labelpanel.transforms.label.LabelingSpec;
import dev.labelpanel.transforms.llm.ChatMessage;
import dev.labelpanel.transforms.llm.ChatRequest;
import dev.labelpanel.transforms.llm.ChatResult;
import dev.labelpanel.transforms.llm.Constraint;
import dev.labelpanel.transforms.llm.EndpointLabelerSpec;
import dev.labelpanel.transforms.llm.LabelerSpec;
import dev.labelpanel.transforms.llm.LlmClients;
import dev.labelpanel.transforms.llm.LlmConfigurationException;
import dev.labelpanel.transforms.llm.LlmEndpoint;
import dev.labelpanel.transforms.llm.cache.CacheMode;
import dev.labelpanel.transforms.llm.cache.CacheStore;
import dev.labelpanel.transforms.llm.cache.RedisResponseCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * {@code labelpanel validate --ping}: one 1-token chat completion per distinct endpoint (base URL, model, and the
 * labelers' {@code constrain} and {@code logprobs}) of a config, sent at once, with a short timeout and up to three attempts for transient failures. Labelers on {@code base_url: simulator} are pinged at
 * the embedded simulator, which the caller starts.
 */
public final class EndpointPing {
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** Transient failures (429, 5xx, dropped connections) are retried this often: one 503 doesn't fail a ping. */
    static final int PING_ATTEMPTS = 3;

    private EndpointPing() {}

    /**
     * The outcome for one endpoint: the labelers that use it, and null on success or the error; {@code servedModel} is
     * the model the reply named (null when it named none or the ping failed).
     */
    public record Outcome(String labelers, String url, String model, long latencyMs, String error, String servedModel) {
        public Outcome(String labelers, String url, String model, long latencyMs, String error) {
            this(labelers, url, model, latencyMs, error, null);
        }

        public boolean ok() {
            return error == null;
        }

        /** True when the reply named a model other than the configured one. */
        public boolean servedOther() {
            return servedModel != null && !servedModel.equals(model);
        }

        public String render() {
            String served = servedModel == null
                    ? ""
                    : servedOther()
                            ? ", served by " + servedModel + " — WARNING: not the configured model"
                            : ", served by " + servedModel;
            return String.format(
                    "  %-28s %-40s %-24s %s",
                    labelers, url, model, ok() ? "OK (" + latencyMs + " ms" + served + ")" : "FAILED: " + error);
        }
    }

    /** Pings every distinct endpoint of {@code config} (a valid config); {@code simulatorUrl} may be null. */
    public static List<Outcome> ping(RunConfig config, String simulatorUrl) {
        LabelingSpec spec = LabelingPlan.of(config, simulatorUrl, CacheMode.OFF);
        Map<String, List<LlmEndpoint>> byTarget = new LinkedHashMap<>();
        Map<String, ChatRequest> requests = new LinkedHashMap<>();
        List<LabelerSpec> all = new ArrayList<>(spec.panel());
        all.add(spec.filler());
        all.add(spec.calibrator());
        for (LabelerSpec labeler : all) {
            EndpointLabelerSpec endpointSpec = (EndpointLabelerSpec) labeler;
            LlmEndpoint e = endpointSpec.endpoint();
            // The ping is a label request as the labeler sends it: its constraint and logprobs too, so a server that
            // rejects them (HTTP 400 naming the parameter) says so now, not on every call of the run. constrain: auto
            // finds a style the endpoint accepts during the run (down to none), so its ping has no constraint.
            boolean auto = endpointSpec.constrain() == Constraint.AUTO;
            ChatRequest request = ChatRequest.of(ChatMessage.user("Say OK."))
                    .withFormat(auto ? null : endpointSpec.answerFormat(false))
                    .withTopLogprobs(endpointSpec.topLogprobs());
            String key = e.baseUrl() + " " + e.model() + " " + request;
            requests.put(key, request);
            List<LlmEndpoint> same = byTarget.computeIfAbsent(key, k -> new ArrayList<>());
            if (same.stream().noneMatch(s -> s.name().equals(e.name()))) {
                same.add(e);
            }
        }
        Map<String, CompletableFuture<ChatResult>> calls = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        for (Map.Entry<String, List<LlmEndpoint>> target : byTarget.entrySet()) {
            LlmEndpoint endpoint = target.getValue().get(0).toBuilder()
                    .maxAttempts(PING_ATTEMPTS)
                    .maxTokens(1)
                    .requestTimeout(TIMEOUT)
                    .callDeadline(TIMEOUT.multipliedBy(2))
                    .build();
            try {
                calls.put(target.getKey(), LlmClients.get(endpoint).complete(requests.get(target.getKey())));
            } catch (RuntimeException e) {
                errors.put(target.getKey(), e.getMessage());
            }
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Map.Entry<String, List<LlmEndpoint>> target : byTarget.entrySet()) {
            LlmEndpoint e = target.getValue().get(0);
            String names = String.join(
                    ",", target.getValue().stream().map(LlmEndpoint::name).toList());
            String url = displayUrl(e, simulatorUrl);
            String error = errors.get(target.getKey());
            long latency = 0;
            String served = null;
            if (error == null) {
                try {
                    ChatResult result = calls.get(target.getKey())
                            .get(TIMEOUT.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS);
                    latency = result.latencyMs();
                    served = result.servedModel();
                } catch (ExecutionException ex) {
                    error = ex.getCause() == null
                            ? ex.getMessage()
                            : ex.getCause().getMessage();
                    error += rejectedOptionHint(ex.getCause(), requests.get(target.getKey()));
                } catch (TimeoutException ex) {
                    error = "no answer within " + TIMEOUT.multipliedBy(3).toSeconds() + " s";
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while pinging " + names, ex);
                }
            }
            outcomes.add(new Outcome(names, url, e.model(), latency, error, served));
        }
        return outcomes;
    }

    /** Connects to the Redis cache of {@code cache.store: redis} and sends PING; the outcome names no password. */
    public static Outcome pingCache(CacheStore.Redis store, Function<String, String> env) {
        try {
            return new Outcome("cache", store.describe(), "PING", RedisResponseCache.ping(store, env), null);
        } catch (IllegalStateException e) {
            return new Outcome("cache", store.describe(), "PING", 0, e.getMessage());
        }
    }

    /** For a 400 to a constrained or logprob request: which labeler options to change. */
    private static String rejectedOptionHint(Throwable cause, ChatRequest request) {
        if (!(cause instanceof LlmConfigurationException rejected)
                || rejected.status() != 400
                || (request.format() == null && request.topLogprobs() == 0)) {
            return "";
        }
        String options = (request.format() == null
                        ? ""
                        : "constrain: " + request.format().style().wireName())
                + (request.format() != null && request.topLogprobs() > 0 ? " and " : "")
                + (request.topLogprobs() > 0 ? "logprobs: true" : "");
        return " — the endpoint may not accept the labeler's " + options + ": set another constrain style (or"
                + " none) or logprobs: false for it (which stack accepts which: configs/README.md, \"Constrained answers"
                + " and log-probabilities\")";
    }

    private static String displayUrl(LlmEndpoint e, String simulatorUrl) {
        return simulatorUrl != null && e.baseUrl().equals(simulatorUrl)
                ? "simulator (" + simulatorUrl + ")"
                : e.baseUrl();
    }
}
