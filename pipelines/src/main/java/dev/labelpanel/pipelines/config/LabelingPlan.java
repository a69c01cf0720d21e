package dev.labelpanel.pipelines.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.labelpanel.transforms.aggregate.Aggregation;
import dev.labelpanel.transforms.extract.ContentHash;
import dev.labelpanel.transforms.label.LabelingSpec;
import dev.labelpanel.transforms.llm.EndpointLabelerSpec;
import dev.labelpanel.transforms.llm.LabelerSpec;
import dev.labelpanel.transforms.llm.LlmEndpoint;
import dev.labelpanel.transforms.llm.cache.CacheMode;
import dev.labelpanel.transforms.llm.cache.CacheStore;
import dev.labelpanel.transforms.prompt.LabelSet;
import dev.labelpanel.transforms.prompt.PromptBook;
import dev.labelpanel.transforms.prompt.Prompts;
import dev.labelpanel.transforms.vote.VoteRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns the labeling part of a run config into the serializable {@link LabelingSpec} the workers use, checking
 * it as it goes: every role names a configured labeler, names are unique, templates and the vote rule parse.
 */
public final class LabelingPlan {
    /** The {@code base_url} that means "the embedded simulator of this run". */
    public static final String SIMULATOR = "simulator";

    private LabelingPlan() {}

    /**
     * @param simulatorUrl the embedded simulator's base URL, or null when none runs
     * @param cacheMode how to use the response cache; unless off, a Redis cache ({@code cache.store: redis}) is
     *     connected to here, so an unreachable server is a {@link ConfigException} naming its host and port
     */
    public static LabelingSpec of(RunConfig config, String simulatorUrl, CacheMode cacheMode) {
        LabelSet labels = labelSet(config);
        Prompts shared = prompts("prompts", config.prompts(), Prompts.defaults());
        VoteRule rule = config.voteRule();
        Aggregation aggregation = config.aggregationRule();
        Map<String, LabelingConfig.Labeler> byName = new HashMap<>();
        for (int i = 0; i < config.labelers().size(); i++) {
            LabelingConfig.Labeler l = config.labelers().get(i);
            require(l.name() != null && !l.name().isBlank(), "labelers[" + i + "].name is missing");
            require(byName.put(l.name(), l) == null, "labelers[" + i + "].name '" + l.name() + "' is used twice");
        }
        Map<String, Prompts> own = new HashMap<>();
        for (LabelingConfig.Labeler l : config.labelers()) {
            if (l.prompts() != null || l.systemPrompt() != null) {
                Prompts p = prompts("labelers." + l.name() + ".prompts", l.prompts(), shared);
                own.put(l.name(), l.systemPrompt() == null ? p : p.withSystemPrompt(l.systemPrompt()));
            }
        }
        PromptBook prompts = new PromptBook(labels, shared, own);
        LabelingConfig.Roles roles = config.roles();
        require(roles != null, "the config has labelers but no roles: add roles.panel, roles.filler, roles.calibrator");
        require(roles.panel() != null && !roles.panel().isEmpty(), "roles.panel must list at least one labeler");
        CacheStore cacheStore = cacheMode == CacheMode.OFF ? null : cacheStore(config);
        List<LabelerSpec> panel = new ArrayList<>();
        for (String name : roles.panel()) {
            panel.add(labeler("roles.panel", name, byName, simulatorUrl, cacheStore, cacheMode, config));
        }
        LabelingSpec spec = new LabelingSpec(
                prompts,
                rule,
                aggregation,
                panel,
                labeler("roles.filler", roles.filler(), byName, simulatorUrl, cacheStore, cacheMode, config),
                labeler("roles.calibrator", roles.calibrator(), byName, simulatorUrl, cacheStore, cacheMode, config),
                configHash(labels, prompts, rule, aggregation, roles, byName),
                config.maxItemsInFlight(),
                config.panelMode(),
                askOrder(roles.panel(), config.panelOrder(), byName));
        if (cacheStore instanceof CacheStore.Redis) {
            // A shared cache must answer before anything runs, not fail later on every worker.
            try {
                cacheStore.open();
            } catch (IllegalStateException e) {
                throw new ConfigException(e.getMessage(), e);
            }
        }
        return spec;
    }

    /** Where answers are cached: the Redis server of {@code store: redis}, else the SQLite {@link #cacheFile}. */
    public static CacheStore cacheStore(RunConfig config) {
        return config.cache().redis() ? config.cache().redisStore() : new CacheStore.Sqlite(cacheFile(config));
    }

    /** The SQLite cache file: in {@code cache.dir}, else {@code $XDG_CACHE_HOME/labelpanel} or {@code ~/.cache/labelpanel}. */
    public static String cacheFile(RunConfig config) {
        String dir = config.cache().dir();
        if (dir == null) {
            String xdg = System.getenv("XDG_CACHE_HOME");
            dir = (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache"))
                    .resolve("labelpanel")
                    .toString();
        }
        return Path.of(dir, "responses.db").toString();
    }

    /**
     * Where batch mode records its submitted batches: next to the SQLite response cache (with {@code store: redis},
     * in the folder the SQLite cache would use, so on the machine that runs the batches).
     */
    public static String batchJournalDir(RunConfig config) {
        RunConfig local = config.cache().redis() ? config.withCache(LabelingConfig.Cache.defaults()) : config;
        return Path.of(cacheFile(local)).getParent().toString();
    }

    private static LabelerSpec labeler(
            String role,
            String name,
            Map<String, LabelingConfig.Labeler> byName,
            String simulatorUrl,
            CacheStore cacheStore,
            CacheMode cacheMode,
            RunConfig config) {
        require(name != null, role + " is missing: name one of the labelers " + byName.keySet());
        LabelingConfig.Labeler l = byName.get(name);
        require(l != null, role + " names '" + name + "', which is not a labeler; labelers are " + byName.keySet());
        require(l.baseUrl() != null, "labeler '" + name + "' has no base_url (an http(s) URL, or 'simulator')");
        require(l.model() != null, "labeler '" + name + "' has no model");
        boolean simulated = SIMULATOR.equals(l.baseUrl());
        require(
                !simulated || simulatorUrl != null,
                "labeler '" + name
                        + "' uses base_url: simulator but the config starts no simulator: add a simulator: section"
                        + " with a profile");
        String baseUrl = simulated ? simulatorUrl : l.baseUrl();
        LlmEndpoint.Builder endpoint =
                LlmEndpoint.builder(name, baseUrl, l.model()).apiKeyEnv(l.apiKeyEnv());
        endpoint.temperature(l.temperature());
        endpoint.maxTokens(l.maxTokens());
        endpoint.topP(l.topP());
        // Limits hold per worker JVM (one client per endpoint per JVM); with limits.scope: job, configured ones are
        // job-wide totals and each worker takes its share.
        LabelingConfig.Limits limits = config.limits();
        if (l.maxConcurrency() != null) {
            endpoint.maxConcurrency(limits.perWorker(l.maxConcurrency()));
        }
        if (l.requestsPerMinute() != null) {
            endpoint.requestsPerMinute(limits.perWorker(l.requestsPerMinute()));
        }
        if (l.tokensPerMinute() != null) {
            endpoint.tokensPerMinute(limits.perWorker(l.tokensPerMinute()));
        }
        endpoint.requestTimeout(Duration.ofSeconds(l.timeoutSeconds()));
        endpoint.maxAttempts(l.maxAttempts());
        endpoint.deferredAttempts(limits.deferredAttempts()).deferredDeadline(limits.deferredDeadlineDuration());
        endpoint.hedgeFraction(limits.hedgeFraction())
                .hedgeMinDelay(Duration.ofMillis(limits.hedgeMinDelay().getMillis()))
                .hedgeMaxDelay(Duration.ofMillis(limits.hedgeMaxDelay().getMillis()));
        // The embedded simulator listens on a new port each run: cache its answers under a stable identity.
        String cacheIdentity = simulated
                ? "simulator:" + Path.of(config.simulator().profile()).getFileName() + "#"
                        + config.simulator().seed()
                : baseUrl;
        try {
            return new EndpointLabelerSpec(
                    endpoint.build(),
                    l.maxTokens(),
                    l.critiqueMaxTokens(),
                    cacheStore,
                    cacheMode,
                    cacheIdentity,
                    l.constraint(),
                    l.logprobs(),
                    labelSet(config).names(),
                    l.batchMode() ? config.batch().settings(batchJournalDir(config)) : null);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("labeler '" + name + "': " + e.getMessage(), e);
        }
    }

    /**
     * The panel positions in the order an adaptive panel asks them: {@code panel_order} when given (it must list each
     * panel member once), else cheapest first by {@code price_per_million_input + price_per_million_output}, unpriced
     * labelers after priced ones, ties in panel order. Not part of the config hash: the order changes which calls are
     * made, never the labels.
     */
    static List<Integer> askOrder(
            List<String> panel, List<String> panelOrder, Map<String, LabelingConfig.Labeler> byName) {
        List<Integer> order = new ArrayList<>();
        if (panelOrder != null) {
            require(
                    panelOrder.size() == panel.size()
                            && new TreeSet<>(panelOrder).equals(new TreeSet<>(panel))
                            && new TreeSet<>(panelOrder).size() == panelOrder.size(),
                    "panel_order must list each labeler of roles.panel " + panel + " once but was " + panelOrder);
            panelOrder.forEach(name -> order.add(panel.indexOf(name)));
            return order;
        }
        for (int i = 0; i < panel.size(); i++) {
            order.add(i);
        }
        order.sort(java.util.Comparator.comparingDouble(i -> price(byName.get(panel.get(i)))));
        return order;
    }

    /** A labeler's price for ordering: input + output per million tokens; unpriced ones sort last. */
    private static double price(LabelingConfig.Labeler l) {
        if (l.pricePerMillionInput() == null && l.pricePerMillionOutput() == null) {
            return Double.POSITIVE_INFINITY;
        }
        return (l.pricePerMillionInput() == null ? 0 : l.pricePerMillionInput())
                + (l.pricePerMillionOutput() == null ? 0 : l.pricePerMillionOutput());
    }

    private static LabelSet labelSet(RunConfig config) {
        if (config.labels() == null) {
            return LabelSet.defaults();
        }
        List<LabelSet.Label> labels = new ArrayList<>();
        for (LabelingConfig.Label l : config.labels()) {
            labels.add(new LabelSet.Label(l.name(), l.description()));
        }
        try {
            return LabelSet.of(labels);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("labels: " + e.getMessage(), e);
        }
    }

    /** {@code configured} over {@code base}: absent templates and system prompt come from {@code base}. */
    private static Prompts prompts(String key, LabelingConfig.Prompts configured, Prompts base) {
        if (configured == null) {
            return base;
        }
        try {
            return Prompts.of(
                    configured.utterance() == null ? base.utterance().source() : configured.utterance(),
                    configured.context() == null ? base.context().source() : configured.context(),
                    configured.critique() == null ? base.critique().source() : configured.critique(),
                    configured.system() == null ? base.systemPrompt() : configured.system());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ": " + e.getMessage(), e);
        }
    }

    /** The config hash of {@code config}'s labeling plan (see the private overload). */
    static String configHash(RunConfig config) {
        return of(config, config.simulator() == null ? null : "http://127.0.0.1:1/v1", CacheMode.OFF)
                .configHash();
    }

    /**
     * A hash of what decides the labels, in its parsed, canonical form, so two spellings of the same config give one
     * hash ({@code valid-majority} and {@code valid-majority:2}; an absent {@code max_tokens} and the default
     * written out; a template given in {@code prompts} or in every labeler's own): the label set, the vote rule,
     * the roles, and for each labeler in a role its endpoint (the simulator by name, not port), model, generation
     * parameters and the prompts it is sent. Not keys, key variable names, concurrency, rate limits, prices,
     * labelers no role uses, or {@code panel_mode} and {@code panel_order} (an adaptive panel gives the full panel's
     * labels with fewer calls).
     */
    private static String configHash(
            LabelSet labels,
            PromptBook prompts,
            VoteRule rule,
            Aggregation aggregation,
            LabelingConfig.Roles roles,
            Map<String, LabelingConfig.Labeler> byName) {
        List<String> panel = roles.panel();
        Map<String, Object> canonical = new LinkedHashMap<>();
        canonical.put(
                "labels",
                labels.labels().stream()
                        .map(l -> List.of(l.name(), l.description()))
                        .toList());
        canonical.put("vote_rule", rule.toString());
        if (aggregation.isDawidSkene()) {
            // Only when not the default, so configs that leave it out keep their hash.
            canonical.put("aggregation", aggregation.toString());
            canonical.put("fill_below", aggregation.fillBelow());
        }
        canonical.put("roles", Map.of("panel", panel, "filler", roles.filler(), "calibrator", roles.calibrator()));
        Map<String, Object> labelers = new TreeMap<>();
        for (String name : new TreeSet<>(concat(panel, roles.filler(), roles.calibrator()))) {
            LabelingConfig.Labeler l = byName.get(name);
            Prompts p = prompts.promptsOf(name);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("base_url", SIMULATOR.equals(l.baseUrl()) ? SIMULATOR : l.baseUrl());
            m.put("model", l.model());
            m.put("temperature", l.temperature());
            m.put("max_tokens", l.maxTokens());
            m.put("critique_max_tokens", l.critiqueMaxTokens());
            m.put("top_p", l.topP());
            m.put("system", p.systemPrompt());
            m.put("utterance", p.utterance().source());
            m.put("context", p.context().source());
            m.put("critique", p.critique().source());
            // Only when not the default, so configs that leave them out keep their hash.
            if (l.constraint().constrains()) {
                m.put("constrain", l.constraint().resolved().wireName());
            }
            if (l.logprobs()) {
                m.put("logprobs", true);
            }
            labelers.put(name, m);
        }
        canonical.put("labelers", labelers);
        try {
            String json = new ObjectMapper()
                    .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .writeValueAsString(canonical);
            return ContentHash.create().add("config/v2").add(json).hex128().substring(0, 16);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the config renders as JSON", e);
        }
    }

    private static List<String> concat(List<String> panel, String filler, String calibrator) {
        List<String> all = new ArrayList<>(panel);
        all.add(filler);
        all.add(calibrator);
        return all;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new ConfigException(message);
        }
    }
}
