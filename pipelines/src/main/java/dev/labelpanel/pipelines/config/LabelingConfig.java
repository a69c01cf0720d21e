package dev.labelpanel.pipelines.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.labelpanel.transforms.llm.BatchSettings;
import dev.labelpanel.transforms.llm.Constraint;
import dev.labelpanel.transforms.llm.LlmEndpoint;
import dev.labelpanel.transforms.llm.cache.CacheMode;
import dev.labelpanel.transforms.llm.cache.CacheStore;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The labeling part of a run config: labels, prompts, labelers and their roles, the vote rule, the response
 * cache and the optional embedded simulator. See {@code configs/README.md}.
 */
public final class LabelingConfig {
    private LabelingConfig() {}

    /** One label and how the prompt describes it. */
    public record Label(
            @JsonProperty("name") String name,
            @JsonProperty("description") String description) {}

    /** Prompt templates; absent ones take the project's defaults. */
    public record Prompts(
            @JsonProperty("system") String system,
            @JsonProperty("utterance") String utterance,
            @JsonProperty("context") String context,
            @JsonProperty("critique") String critique) {}

    /**
     * One model behind an OpenAI-compatible endpoint. Absent generation parameters, timeout and attempts take their
     * defaults here (the {@link LlmEndpoint} ones, and {@link #DEFAULT_CRITIQUE_MAX_TOKENS}); absent {@code
     * max_concurrency}, {@code requests_per_minute} and {@code tokens_per_minute} stay null: the endpoint's
     * per-worker defaults, which {@code limits.scope: job} does not divide.
     */
    public record Labeler(
            @JsonProperty("name") String name,
            @JsonProperty("base_url") String baseUrl,
            @JsonProperty("model") String model,
            @JsonProperty("api_key_env") String apiKeyEnv,
            @JsonProperty("temperature") Double temperature,
            @JsonProperty("max_tokens") Integer maxTokens,
            @JsonProperty("critique_max_tokens") Integer critiqueMaxTokens,
            @JsonProperty("top_p") Double topP,
            @JsonProperty("system_prompt") String systemPrompt,
            @JsonProperty("prompts") Prompts prompts,
            @JsonProperty("max_concurrency") Integer maxConcurrency,
            @JsonProperty("requests_per_minute") Long requestsPerMinute,
            @JsonProperty("tokens_per_minute") Long tokensPerMinute,
            @JsonProperty("timeout_seconds") Integer timeoutSeconds,
            @JsonProperty("max_attempts") Integer maxAttempts,
            @JsonProperty("price_per_million_input") Double pricePerMillionInput,
            @JsonProperty("price_per_million_output") Double pricePerMillionOutput,
            @JsonProperty("constrain") String constrain,
            @JsonProperty("logprobs") Boolean logprobs,
            @JsonProperty("mode") String mode,
            @JsonProperty("batch_price_per_million_input") Double batchPricePerMillionInput,
            @JsonProperty("batch_price_per_million_output") Double batchPricePerMillionOutput) {
        public static final int DEFAULT_CRITIQUE_MAX_TOKENS = 512;
        /** The default of {@code logprobs}: no log-probabilities are asked for. */
        public static final boolean DEFAULT_LOGPROBS = false;
        /** {@code mode: online}: one HTTP call per request, answered within seconds. */
        public static final String ONLINE = "online";
        /** {@code mode: batch}: requests go through the OpenAI Batch API ({@code batch:} section). */
        public static final String BATCH = "batch";

        public Labeler {
            temperature = temperature == null ? LlmEndpoint.DEFAULT_TEMPERATURE : temperature;
            maxTokens = maxTokens == null ? LlmEndpoint.DEFAULT_MAX_TOKENS : maxTokens;
            critiqueMaxTokens = critiqueMaxTokens == null ? DEFAULT_CRITIQUE_MAX_TOKENS : critiqueMaxTokens;
            timeoutSeconds =
                    timeoutSeconds == null ? (int) LlmEndpoint.DEFAULT_REQUEST_TIMEOUT.toSeconds() : timeoutSeconds;
            maxAttempts = maxAttempts == null ? LlmEndpoint.DEFAULT_MAX_ATTEMPTS : maxAttempts;
            try {
                constrain = (constrain == null ? Constraint.DEFAULT : Constraint.fromWireName(constrain)).wireName();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("labeler '" + name + "': " + e.getMessage(), e);
            }
            logprobs = logprobs == null ? DEFAULT_LOGPROBS : logprobs;
            mode = mode == null ? ONLINE : mode.trim().toLowerCase(Locale.ROOT);
            if (!mode.equals(ONLINE) && !mode.equals(BATCH)) {
                throw new IllegalArgumentException("labelers[].mode must be online or batch but was '" + mode + "'");
            }
        }

        /** {@code constrain} as the labeler's requests use it. */
        public Constraint constraint() {
            return Constraint.fromWireName(constrain);
        }

        public boolean batchMode() {
            return mode.equals(BATCH);
        }

        /** USD per million prompt tokens in batch mode: the explicit batch price, else the online one discounted. */
        public Double batchInputPrice(Batch batch) {
            return batch.price(batchPricePerMillionInput, pricePerMillionInput);
        }

        /** USD per million completion tokens in batch mode (see {@link #batchInputPrice}). */
        public Double batchOutputPrice(Batch batch) {
            return batch.price(batchPricePerMillionOutput, pricePerMillionOutput);
        }
    }

    /**
     * How labelers in {@code mode: batch} use the Batch API (see {@link BatchSettings}); {@code discount}: the share of
     * the online price a batch request saves where a labeler gives no explicit batch prices (OpenAI: half).
     */
    public record Batch(
            @JsonProperty("max_requests") Integer maxRequests,
            @JsonProperty("max_wait") org.joda.time.Duration maxWait,
            @JsonProperty("completion_window") String completionWindow,
            @JsonProperty("poll_interval") org.joda.time.Duration pollInterval,
            @JsonProperty("max_poll_interval") org.joda.time.Duration maxPollInterval,
            @JsonProperty("request_retries") Integer requestRetries,
            @JsonProperty("retry_online") Boolean retryOnline,
            @JsonProperty("max_resubmits") Integer maxResubmits,
            @JsonProperty("discount") Double discount) {
        public static final double DEFAULT_DISCOUNT = 0.5;

        /** Fills in the defaults and checks every key (a canonical constructor, so the check can read the fields). */
        public Batch(
                Integer maxRequests,
                org.joda.time.Duration maxWait,
                String completionWindow,
                org.joda.time.Duration pollInterval,
                org.joda.time.Duration maxPollInterval,
                Integer requestRetries,
                Boolean retryOnline,
                Integer maxResubmits,
                Double discount) {
            this.maxRequests = maxRequests == null ? BatchSettings.DEFAULT_MAX_REQUESTS : maxRequests;
            this.maxWait = maxWait == null ? joda(BatchSettings.DEFAULT_MAX_WAIT) : maxWait;
            this.completionWindow =
                    completionWindow == null ? BatchSettings.DEFAULT_COMPLETION_WINDOW : completionWindow;
            this.pollInterval = pollInterval == null ? joda(BatchSettings.DEFAULT_POLL_INTERVAL) : pollInterval;
            this.maxPollInterval =
                    maxPollInterval == null ? joda(BatchSettings.DEFAULT_MAX_POLL_INTERVAL) : maxPollInterval;
            this.requestRetries = requestRetries == null ? BatchSettings.DEFAULT_REQUEST_RETRIES : requestRetries;
            this.retryOnline = retryOnline != null && retryOnline;
            this.maxResubmits = maxResubmits == null ? BatchSettings.DEFAULT_MAX_RESUBMITS : maxResubmits;
            this.discount = discount == null ? DEFAULT_DISCOUNT : discount;
            if (!(this.discount >= 0 && this.discount < 1)) {
                throw new IllegalArgumentException(
                        "batch.discount must be at least 0 and below 1 but was " + this.discount);
            }
            settings("check"); // BatchSettings checks the limits of every other key
        }

        /** {@code explicit} if set, else {@code online} less the discount; null when neither is known. */
        Double price(Double explicit, Double online) {
            return explicit != null ? explicit : online == null ? null : online * (1 - discount);
        }

        public static Batch defaults() {
            return new Batch(null, null, null, null, null, null, null, null, null);
        }

        /** The transform-side settings, with the batch journal in {@code journalDir}. */
        public BatchSettings settings(String journalDir) {
            return new BatchSettings(
                    maxRequests,
                    java.time.Duration.ofMillis(maxWait.getMillis()),
                    completionWindow,
                    java.time.Duration.ofMillis(pollInterval.getMillis()),
                    java.time.Duration.ofMillis(maxPollInterval.getMillis()),
                    requestRetries,
                    retryOnline,
                    maxResubmits,
                    journalDir);
        }

        private static org.joda.time.Duration joda(Duration d) {
            return org.joda.time.Duration.millis(d.toMillis());
        }
    }

    /** Which labelers do what. */
    public record Roles(
            @JsonProperty("panel") List<String> panel,
            @JsonProperty("filler") String filler,
            @JsonProperty("calibrator") String calibrator) {}

    /**
     * The response cache: a local SQLite file ({@code store: sqlite}, the default, in {@code dir}) or a Redis server
     * that every worker reaches ({@code store: redis}, at {@code url}, password from {@code password_env}).
     */
    public record Cache(
            @JsonProperty("mode") CacheMode mode,
            @JsonProperty("dir") String dir,
            @JsonProperty("store") String store,
            @JsonProperty("url") String url,
            @JsonProperty("password_env") String passwordEnv,
            @JsonProperty("key_prefix") String keyPrefix,
            @JsonProperty("ttl_days") Integer ttlDays) {
        public static final String SQLITE = "sqlite";
        public static final String REDIS = "redis";
        public static final CacheMode DEFAULT_MODE = CacheMode.USE;

        public Cache {
            mode = mode == null ? DEFAULT_MODE : mode;
            store = store == null ? SQLITE : store.trim().toLowerCase(Locale.ROOT);
            if (store.equals(SQLITE)) {
                String redisKey = url != null
                        ? "url"
                        : passwordEnv != null
                                ? "password_env"
                                : keyPrefix != null ? "key_prefix" : ttlDays != null ? "ttl_days" : null;
                if (redisKey != null) {
                    throw new IllegalArgumentException("cache." + redisKey
                            + " is for store: redis, but cache.store is sqlite: add store: redis or remove it");
                }
            } else if (store.equals(REDIS)) {
                if (dir != null) {
                    throw new IllegalArgumentException(
                            "cache.dir is the folder of the SQLite cache, but cache.store is redis: remove cache.dir");
                }
                if (ttlDays != null && (ttlDays < 1 || ttlDays > 36_500)) {
                    throw new IllegalArgumentException("cache.ttl_days must be between 1 and 36500 but was " + ttlDays);
                }
                // Checks url, password_env and key_prefix (fields are not assigned yet: pass the parameters).
                redisStore(url, passwordEnv, keyPrefix, ttlDays);
            } else {
                throw new IllegalArgumentException("cache.store must be sqlite or redis but was '" + store + "'");
            }
        }

        public static Cache defaults() {
            return new Cache(null, null, null, null, null, null, null);
        }

        public boolean redis() {
            return store.equals(REDIS);
        }

        /** The Redis store these keys describe (store: redis only). */
        public CacheStore.Redis redisStore() {
            return redisStore(url, passwordEnv, keyPrefix, ttlDays);
        }

        private static CacheStore.Redis redisStore(String url, String passwordEnv, String keyPrefix, Integer ttlDays) {
            return new CacheStore.Redis(url, passwordEnv, keyPrefix, ttlDays == null ? null : Duration.ofDays(ttlDays));
        }

        public Cache withDir(String resolved) {
            return new Cache(mode, resolved, store, url, passwordEnv, keyPrefix, ttlDays);
        }
    }

    /** An embedded simulator to start for the run; labelers with {@code base_url: simulator} talk to it. */
    public record Simulator(
            @JsonProperty("profile") String profile,
            @JsonProperty("seed") Long seed,
            @JsonProperty("latency_scale") Double latencyScale) {
        public static final double DEFAULT_LATENCY_SCALE = 1.0;

        public Simulator {
            latencyScale = latencyScale == null ? DEFAULT_LATENCY_SCALE : latencyScale;
        }
    }

    /**
     * Whose limits the labelers' {@code max_concurrency}, {@code requests_per_minute} and {@code tokens_per_minute}
     * are. {@code worker} (the default): each worker JVM holds them on its own, so a job on N workers may send N times
     * as much. {@code job}: they are totals for the whole job, divided evenly over {@code workers} JVMs (rounded down,
     * at least 1 each). Also how long a call that ran out of its {@code max_attempts} is kept going: up to
     * {@code deferred_attempts} more attempts, each after the endpoint answered well again, within
     * {@code deferred_deadline} of its deferral (defaults: {@link LlmEndpoint#DEFAULT_DEFERRED_ATTEMPTS},
     * {@link LlmEndpoint#DEFAULT_DEFERRED_DEADLINE}). And hedged requests: at most {@code hedge_fraction} of each
     * endpoint's calls send a backup copy of an attempt out longer than the endpoint's recent p95 latency, kept within
     * {@code hedge_min_delay} and {@code hedge_max_delay} (defaults: {@link LlmEndpoint#DEFAULT_HEDGE_FRACTION} and
     * the two delays next to it).
     */
    public record Limits(
            @JsonProperty("scope") String scope,
            @JsonProperty("workers") Integer workers,
            @JsonProperty("deferred_attempts") Integer deferredAttempts,
            @JsonProperty("deferred_deadline") org.joda.time.Duration deferredDeadline,
            @JsonProperty("max_failed_call_share") Double maxFailedCallShare,
            @JsonProperty("max_unlabeled_share") Double maxUnlabeledShare,
            @JsonProperty("hedge_fraction") Double hedgeFraction,
            @JsonProperty("hedge_min_delay") org.joda.time.Duration hedgeMinDelay,
            @JsonProperty("hedge_max_delay") org.joda.time.Duration hedgeMaxDelay) {
        public static final String PER_WORKER = "worker";
        public static final String PER_JOB = "job";
        /** A run fails when a labeler's failed calls reach this share of its calls: by default only when all failed. */
        public static final double DEFAULT_MAX_FAILED_CALL_SHARE = 1.0;
        /** A run fails when more than this share of the items it labeled got no label. */
        public static final double DEFAULT_MAX_UNLABELED_SHARE = 0.05;

        public Limits {
            scope = scope == null ? PER_WORKER : scope;
            deferredAttempts = deferredAttempts == null ? LlmEndpoint.DEFAULT_DEFERRED_ATTEMPTS : deferredAttempts;
            if (deferredAttempts < 0 || deferredAttempts > 1000) {
                throw new IllegalArgumentException(
                        "limits.deferred_attempts must be between 0 and 1000 (0 = no deferral) but was "
                                + deferredAttempts);
            }
            deferredDeadline = deferredDeadline == null
                    ? org.joda.time.Duration.millis(LlmEndpoint.DEFAULT_DEFERRED_DEADLINE.toMillis())
                    : deferredDeadline;
            maxFailedCallShare = maxFailedCallShare == null ? DEFAULT_MAX_FAILED_CALL_SHARE : maxFailedCallShare;
            if (!(maxFailedCallShare > 0 && maxFailedCallShare <= 1)) {
                throw new IllegalArgumentException(
                        "limits.max_failed_call_share must be above 0 and at most 1 but was " + maxFailedCallShare);
            }
            maxUnlabeledShare = maxUnlabeledShare == null ? DEFAULT_MAX_UNLABELED_SHARE : maxUnlabeledShare;
            if (!(maxUnlabeledShare >= 0 && maxUnlabeledShare <= 1)) {
                throw new IllegalArgumentException(
                        "limits.max_unlabeled_share must be between 0 and 1 but was " + maxUnlabeledShare);
            }
            hedgeFraction = hedgeFraction == null ? LlmEndpoint.DEFAULT_HEDGE_FRACTION : hedgeFraction;
            if (!(hedgeFraction >= 0 && hedgeFraction <= 1)) {
                throw new IllegalArgumentException(
                        "limits.hedge_fraction must be between 0 and 1 (0 = no hedged requests) but was "
                                + hedgeFraction);
            }
            hedgeMinDelay = hedgeMinDelay == null
                    ? org.joda.time.Duration.millis(LlmEndpoint.DEFAULT_HEDGE_MIN_DELAY.toMillis())
                    : hedgeMinDelay;
            hedgeMaxDelay = hedgeMaxDelay == null
                    ? org.joda.time.Duration.millis(LlmEndpoint.DEFAULT_HEDGE_MAX_DELAY.toMillis())
                    : hedgeMaxDelay;
            if (hedgeMinDelay.getMillis() <= 0 || hedgeMaxDelay.isShorterThan(hedgeMinDelay)) {
                throw new IllegalArgumentException(
                        "limits.hedge_min_delay must be above 0 and at most limits.hedge_max_delay" + " but they were "
                                + hedgeMinDelay.getMillis() + " ms and " + hedgeMaxDelay.getMillis() + " ms");
            }
            if (!scope.equals(PER_WORKER) && !scope.equals(PER_JOB)) {
                throw new IllegalArgumentException("limits.scope must be 'worker' or 'job' but was '" + scope + "'");
            }
            if (scope.equals(PER_JOB) && (workers == null || workers < 1)) {
                throw new IllegalArgumentException(
                        "limits.scope: job needs limits.workers, the number of worker JVMs the job's limits are divided over");
            }
            if (workers != null && workers < 1) {
                throw new IllegalArgumentException("limits.workers must be at least 1 but was " + workers);
            }
        }

        public static Limits defaults() {
            return new Limits(null, null, null, null, null, null, null, null, null);
        }

        /** {@code deferred_deadline} as the endpoint takes it. */
        public Duration deferredDeadlineDuration() {
            return Duration.ofMillis(deferredDeadline.getMillis());
        }

        /** How many ways a configured limit is split: the workers for {@code job}, else 1. */
        public int divisor() {
            return scope.equals(PER_JOB) ? workers : 1;
        }

        /** One worker's share of a configured {@code limit}: all of it for {@code worker}, else a share, at least 1. */
        public int perWorker(int limit) {
            return Math.max(1, limit / divisor());
        }

        /** As {@link #perWorker(int)} for a per-minute budget, where 0 means none and stays 0. */
        public long perWorker(long limit) {
            return limit == 0 ? 0 : Math.max(1, limit / divisor());
        }
    }
}
