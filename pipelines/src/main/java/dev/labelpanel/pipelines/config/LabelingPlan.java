package dev.labelpanel.pipelines.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.labelpanel.transforms.label.LabelingSpec;
import dev.labelpanel.transforms.llm.EndpointLabelerSpec;
import dev.labelpanel.transforms.llm.LlmEndpoint;
import dev.labelpanel.transforms.llm.cache.CacheMode;
import dev.labelpanel.transforms.llm.cache.CacheStore;
import dev.labelpanel.transforms.prompt.LabelSet;
import dev.labelpanel.transforms.prompt.PromptBook;
import dev.labelpanel.transforms.prompt.Prompts;
import dev.labelpanel.transforms.split.ContentHash;
import dev.labelpanel.transforms.vote.VoteRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    VoteRule rule = VoteRule.parse("vote_rule", config.voteRule());
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
    List<LabelingSpec.LabelerSpec> panel = new ArrayList<>();
    for (String name : roles.panel()) {
      panel.add(labeler("roles.panel", name, byName, simulatorUrl, cacheStore, cacheMode, config));
    }
    LabelingSpec spec = new LabelingSpec(
        prompts,
        rule,
        panel,
        labeler("roles.filler", roles.filler(), byName, simulatorUrl, cacheStore, cacheMode, config),
        labeler("roles.calibrator", roles.calibrator(), byName, simulatorUrl, cacheStore, cacheMode, config),
        configHash(config),
        config.maxItemsInFlight());
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
          .resolve("labelpanel").toString();
    }
    return Path.of(dir, "responses.db").toString();
  }

  private static LabelingSpec.LabelerSpec labeler(
      String role, String name, Map<String, LabelingConfig.Labeler> byName, String simulatorUrl,
      CacheStore cacheStore, CacheMode cacheMode, RunConfig config) {
    require(name != null, role + " is missing: name one of the labelers " + byName.keySet());
    LabelingConfig.Labeler l = byName.get(name);
    require(l != null, role + " names '" + name + "', which is not a labeler; labelers are " + byName.keySet());
    require(l.baseUrl() != null, "labeler '" + name + "' has no base_url (an http(s) URL, or 'simulator')");
    require(l.model() != null, "labeler '" + name + "' has no model");
    boolean simulated = SIMULATOR.equals(l.baseUrl());
    require(
        !simulated || simulatorUrl != null,
        "labeler '" + name + "' uses base_url: simulator but the config starts no simulator: add a simulator: section"
            + " with a profile");
    String baseUrl = simulated ? simulatorUrl : l.baseUrl();
    LlmEndpoint.Builder endpoint = LlmEndpoint.builder(name, baseUrl, l.model()).apiKeyEnv(l.apiKeyEnv());
    if (l.temperature() != null) {
      endpoint.temperature(l.temperature());
    }
    int maxTokens = l.maxTokens() == null ? 64 : l.maxTokens();
    endpoint.maxTokens(maxTokens);
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
    if (l.timeoutSeconds() != null) {
      endpoint.requestTimeout(Duration.ofSeconds(l.timeoutSeconds()));
    }
    if (l.maxAttempts() != null) {
      endpoint.maxAttempts(l.maxAttempts());
    }
    endpoint.deferredAttempts(limits.deferredAttempts()).deferredDeadline(limits.deferredDeadlineDuration());
    // The embedded simulator listens on a new port each run: cache its answers under a stable identity.
    String cacheIdentity =
        simulated ? "simulator:" + Path.of(config.simulator().profile()).getFileName() + "#" + config.simulator().seed()
            : baseUrl;
    int critiqueTokens = l.critiqueMaxTokens() == null ? 512 : l.critiqueMaxTokens();
    try {
      return new EndpointLabelerSpec(endpoint.build(), maxTokens, critiqueTokens, cacheStore, cacheMode, cacheIdentity);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("labeler '" + name + "': " + e.getMessage(), e);
    }
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

  /**
   * A hash of what decides the labels: label set, prompts, vote rule, roles, and each labeler's model and
   * generation parameters. Not keys, key variable names, URLs of the simulator, concurrency or rate limits.
   */
  static String configHash(RunConfig config) {
    Map<String, Object> canonical = new LinkedHashMap<>();
    canonical.put("labels", config.labels());
    canonical.put("prompts", config.prompts());
    canonical.put("vote_rule", config.voteRule());
    canonical.put("roles", config.roles());
    List<Map<String, Object>> labelers = new ArrayList<>();
    for (LabelingConfig.Labeler l : config.labelers()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", l.name());
      m.put("base_url", SIMULATOR.equals(l.baseUrl()) ? SIMULATOR : l.baseUrl());
      m.put("model", l.model());
      m.put("temperature", l.temperature());
      m.put("max_tokens", l.maxTokens());
      m.put("critique_max_tokens", l.critiqueMaxTokens());
      m.put("top_p", l.topP());
      m.put("system_prompt", l.systemPrompt());
      m.put("prompts", l.prompts());
      labelers.add(m);
    }
    canonical.put("labelers", labelers);
    try {
      String json = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).writeValueAsString(canonical);
      return ContentHash.create().add("config/v1").add(json).hex128().substring(0, 16);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("the config renders as JSON", e);
    }
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new ConfigException(message);
    }
  }
}
