package dev.labelpanel.transforms.llm;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import java.time.Duration;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One OpenAI-compatible chat endpoint and how to call it: where ({@code baseUrl}, {@code model}), which credential
 * (the NAME of an environment variable, never the key), how hard ({@code maxConcurrency}, per-minute budgets), how
 * patiently (timeouts, attempts, breaker) and with which generation parameters. Immutable and serializable, so it can
 * travel inside a DoFn; {@link LlmClients#get} keys the per-JVM shared client on it (equals over all fields).
 *
 * <pre>{@code
 * LlmEndpoint panelA = LlmEndpoint.builder("panel-a", "https://api.example.com/v1", "llama-3-8b")
 *     .apiKeyEnv("EXAMPLE_API_KEY").maxConcurrency(32).requestsPerMinute(3000).build();
 * }</pre>
 */
@AutoValue
public abstract class LlmEndpoint implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_CONCURRENCY = 16;
    public static final int DEFAULT_MAX_ATTEMPTS = 6;
    public static final Duration DEFAULT_CALL_DEADLINE = Duration.ofMinutes(10);
    public static final int DEFAULT_MAX_TOKENS = 64;
    public static final double DEFAULT_TEMPERATURE = 0;
    public static final Duration DEFAULT_BREAKER_WINDOW = Duration.ofSeconds(60);
    public static final int DEFAULT_BREAKER_MIN_FAILURES = 20;
    public static final Duration DEFAULT_BREAKER_COOLDOWN = Duration.ofSeconds(30);
    /** Config key {@code limits.deferred_attempts}: its default is this constant, and only this one. */
    public static final int DEFAULT_DEFERRED_ATTEMPTS = 12;
    /** Config key {@code limits.deferred_deadline}: its default is this constant, and only this one. */
    public static final Duration DEFAULT_DEFERRED_DEADLINE = Duration.ofMinutes(10);
    /** Config key {@code limits.hedge_fraction}: its default is this constant, and only this one. */
    public static final double DEFAULT_HEDGE_FRACTION = 0.05;
    /** Config key {@code limits.hedge_min_delay}: its default is this constant, and only this one. */
    public static final Duration DEFAULT_HEDGE_MIN_DELAY = Duration.ofSeconds(1);
    /** Config key {@code limits.hedge_max_delay}: its default is this constant, and only this one. */
    public static final Duration DEFAULT_HEDGE_MAX_DELAY = Duration.ofSeconds(30);

    /** A short name for logs, metrics and error messages, e.g. {@code panel-a}. */
    public abstract String name();

    /** The API root that {@code /chat/completions} is appended to, e.g. {@code https://api.example.com/v1}. */
    public abstract String baseUrl();

    public abstract String model();

    /** The name of the environment variable holding the API key; null = send no Authorization header. */
    public abstract @Nullable String apiKeyEnv();

    /** Timeout of one HTTP attempt (connect, send, wait, read). */
    public abstract Duration requestTimeout();

    /** Requests in flight to this endpoint from this JVM, at most; the excess waits in a queue. */
    public abstract int maxConcurrency();

    /** Attempts per call, including the first. */
    public abstract int maxAttempts();

    /** Total time per call, queueing and retries included. */
    public abstract Duration callDeadline();

    /** Requests per minute this JVM may send (0 = unlimited). */
    public abstract long requestsPerMinute();

    /** Tokens (prompt + completion) per minute this JVM may use (0 = unlimited). */
    public abstract long tokensPerMinute();

    public abstract double temperature();

    /** Default {@code max_tokens}; a {@link ChatRequest} may override it. */
    public abstract int maxTokens();

    public abstract @Nullable Double topP();

    /** The endpoint breaker opens when no call succeeded for this long ... */
    public abstract Duration breakerWindow();

    /** ... while at least this many attempts failed (429s excluded). */
    public abstract int breakerMinFailures();

    /** An open breaker lets one probe call through after this long (half-open); see {@code EndpointBreaker}. */
    public abstract Duration breakerCooldown();

    /**
     * Attempts a call may still make after its {@link #maxAttempts()} (or its call deadline) ran out: the call is
     * deferred, and each of these attempts waits until the endpoint has answered another call well since the call's
     * last failure (or, with nothing else to do, the call goes out on its own as a probe). 0 = no deferral: the call
     * fails at once (a {@code call-failed} no-vote).
     */
    public abstract int deferredAttempts();

    /** How long a call may stay deferred, from its deferral; then it fails (a {@code call-failed} no-vote). */
    public abstract Duration deferredDeadline();

    /**
     * Hedged requests: at most this share of the calls to this endpoint (per JVM) may send one backup copy of their
     * request when an attempt has been in flight longer than the endpoint's recent p95 latency (kept within
     * {@link #hedgeMinDelay()} and {@link #hedgeMaxDelay()}); the first answer wins and the other is cancelled.
     * 0 = no hedging.
     */
    public abstract double hedgeFraction();

    /** The least time an attempt waits before it is hedged, whatever the recent p95 latency. */
    public abstract Duration hedgeMinDelay();

    /** The longest time an attempt waits before it is hedged, whatever the recent p95 latency. */
    public abstract Duration hedgeMaxDelay();

    public abstract Builder toBuilder();

    /** A builder with every default set; {@code name}, {@code baseUrl} and {@code model} are required. */
    public static Builder builder(String name, String baseUrl, String model) {
        return new AutoValue_LlmEndpoint.Builder()
                .name(name)
                .baseUrl(baseUrl)
                .model(model)
                .apiKeyEnv(null)
                .requestTimeout(DEFAULT_REQUEST_TIMEOUT)
                .maxConcurrency(DEFAULT_MAX_CONCURRENCY)
                .maxAttempts(DEFAULT_MAX_ATTEMPTS)
                .callDeadline(DEFAULT_CALL_DEADLINE)
                .requestsPerMinute(0)
                .tokensPerMinute(0)
                .temperature(DEFAULT_TEMPERATURE)
                .maxTokens(DEFAULT_MAX_TOKENS)
                .topP(null)
                .breakerWindow(DEFAULT_BREAKER_WINDOW)
                .breakerMinFailures(DEFAULT_BREAKER_MIN_FAILURES)
                .breakerCooldown(DEFAULT_BREAKER_COOLDOWN)
                .deferredAttempts(DEFAULT_DEFERRED_ATTEMPTS)
                .deferredDeadline(DEFAULT_DEFERRED_DEADLINE)
                .hedgeFraction(DEFAULT_HEDGE_FRACTION)
                .hedgeMinDelay(DEFAULT_HEDGE_MIN_DELAY)
                .hedgeMaxDelay(DEFAULT_HEDGE_MAX_DELAY);
    }

    /** The chat completions URL, {@code baseUrl} without a trailing slash plus {@code /chat/completions}. */
    public final String chatCompletionsUrl() {
        String base = baseUrl();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/chat/completions";
    }

    @AutoValue.Builder
    public abstract static class Builder {
        public abstract Builder name(String name);

        public abstract Builder baseUrl(String baseUrl);

        public abstract Builder model(String model);

        public abstract Builder apiKeyEnv(@Nullable String apiKeyEnv);

        public abstract Builder requestTimeout(Duration requestTimeout);

        public abstract Builder maxConcurrency(int maxConcurrency);

        public abstract Builder maxAttempts(int maxAttempts);

        public abstract Builder callDeadline(Duration callDeadline);

        public abstract Builder requestsPerMinute(long requestsPerMinute);

        public abstract Builder tokensPerMinute(long tokensPerMinute);

        public abstract Builder temperature(double temperature);

        public abstract Builder maxTokens(int maxTokens);

        public abstract Builder topP(@Nullable Double topP);

        public abstract Builder breakerWindow(Duration breakerWindow);

        public abstract Builder breakerMinFailures(int breakerMinFailures);

        public abstract Builder breakerCooldown(Duration breakerCooldown);

        public abstract Builder deferredAttempts(int deferredAttempts);

        public abstract Builder deferredDeadline(Duration deferredDeadline);

        public abstract Builder hedgeFraction(double hedgeFraction);

        public abstract Builder hedgeMinDelay(Duration hedgeMinDelay);

        public abstract Builder hedgeMaxDelay(Duration hedgeMaxDelay);

        abstract LlmEndpoint autoBuild();

        /** Builds and validates; every message names the field, the value and what is allowed. */
        public LlmEndpoint build() {
            LlmEndpoint e = autoBuild();
            String where = "LlmEndpoint '" + e.name() + "': ";
            require(!e.name().isBlank(), where + "name must not be blank");
            require(
                    e.baseUrl().startsWith("http://") || e.baseUrl().startsWith("https://"),
                    where + "baseUrl must start with http:// or https:// but was '" + e.baseUrl() + "'");
            require(
                    okhttp3.HttpUrl.parse(e.chatCompletionsUrl()) != null,
                    where + "baseUrl is not a valid URL: '" + e.baseUrl() + "'");
            require(!e.model().isBlank(), where + "model must not be blank");
            require(
                    e.apiKeyEnv() == null || e.apiKeyEnv().matches("[A-Za-z_][A-Za-z0-9_]*"),
                    where + "apiKeyEnv must be the NAME of an environment variable (letters, digits, _), not a key");
            positive(where, "requestTimeout", e.requestTimeout());
            positive(where, "callDeadline", e.callDeadline());
            positive(where, "breakerWindow", e.breakerWindow());
            positive(where, "breakerCooldown", e.breakerCooldown());
            positive(where, "deferredDeadline", e.deferredDeadline());
            require(
                    e.deferredAttempts() >= 0 && e.deferredAttempts() <= 1000,
                    where + "deferredAttempts must be between 0 and 1000 (0 = no deferral) but was "
                            + e.deferredAttempts());
            require(
                    e.hedgeFraction() >= 0 && e.hedgeFraction() <= 1,
                    where + "hedgeFraction must be between 0 and 1 (0 = no hedging) but was " + e.hedgeFraction());
            positive(where, "hedgeMinDelay", e.hedgeMinDelay());
            require(
                    e.hedgeMaxDelay().compareTo(e.hedgeMinDelay()) >= 0,
                    where + "hedgeMaxDelay must be at least hedgeMinDelay (" + e.hedgeMinDelay() + ") but was "
                            + e.hedgeMaxDelay());
            require(
                    e.maxConcurrency() >= 1 && e.maxConcurrency() <= 1024,
                    where + "maxConcurrency must be between 1 and 1024 but was " + e.maxConcurrency());
            require(
                    e.maxAttempts() >= 1 && e.maxAttempts() <= 100,
                    where + "maxAttempts must be between 1 and 100 but was " + e.maxAttempts());
            require(
                    e.requestsPerMinute() >= 0,
                    where + "requestsPerMinute must be >= 0 (0 = unlimited) but was " + e.requestsPerMinute());
            require(
                    e.tokensPerMinute() >= 0,
                    where + "tokensPerMinute must be >= 0 (0 = unlimited) but was " + e.tokensPerMinute());
            require(
                    e.temperature() >= 0 && e.temperature() <= 2,
                    where + "temperature must be between 0 and 2 but was " + e.temperature());
            require(e.maxTokens() >= 1, where + "maxTokens must be >= 1 but was " + e.maxTokens());
            require(
                    e.topP() == null || (e.topP() > 0 && e.topP() <= 1),
                    where + "topP must be in (0, 1] or unset but was " + e.topP());
            require(
                    e.breakerMinFailures() >= 1,
                    where + "breakerMinFailures must be >= 1 but was " + e.breakerMinFailures());
            return e;
        }

        private static void positive(String where, String field, Duration value) {
            require(
                    value != null && !value.isNegative() && !value.isZero(),
                    where + field + " must be a positive duration but was " + value);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
