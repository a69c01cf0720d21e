package dev.labelpanel.transforms.llm.internal;

import dev.labelpanel.transforms.llm.ChatRequest;
import dev.labelpanel.transforms.llm.ChatResult;
import dev.labelpanel.transforms.llm.LlmCallListener;
import dev.labelpanel.transforms.llm.LlmClient;
import dev.labelpanel.transforms.llm.LlmEndpoint;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The {@link LlmClient} of one endpoint: an OkHttp client derived from the shared base ({@link SharedHttp}; same
 * dispatcher threads) with its own {@link Dispatcher} limits and its own connection pool, both sized to the endpoint,
 * plus the endpoint's queue, budget, breaker, deferred queue, hedge policy and retry policy, which every call of this endpoint in the JVM shares.
 * Thread-safe; never closed (clients live per JVM).
 */
public final class HttpLlmClient implements LlmClient {
    private static final MediaType JSON = MediaType.get("application/json");

    private final LlmEndpoint endpoint;
    private final OkHttpClient http;
    private final BearerAuthInterceptor auth;
    private final String safeUrl;
    private final HttpUrl url;
    private final ClientEnvironment env;
    private final AttemptQueue queue;
    private final RateBudget budget;
    private final EndpointBreaker breaker;
    private final DeferredQueue deferred;
    private final HedgePolicy hedgePolicy;
    private final RetryPolicy retryPolicy;

    private HttpLlmClient(LlmEndpoint endpoint, OkHttpClient base, ClientEnvironment env, RetryPolicy retryPolicy) {
        this.endpoint = endpoint;
        this.env = env;
        this.safeUrl = SafeUrl.of(endpoint);
        this.url = HttpUrl.get(endpoint.chatCompletionsUrl()); // parsed once: parsing per request showed in profiles
        this.auth = BearerAuthInterceptor.forEndpoint(endpoint, env.envLookup());
        this.http = derive(base, endpoint, auth);
        long now = env.time().nanoTime();
        this.budget = new RateBudget(endpoint.requestsPerMinute(), endpoint.tokensPerMinute(), now);
        this.queue = new AttemptQueue(endpoint.maxConcurrency(), budget, env.time());
        this.breaker = new EndpointBreaker(endpoint, now);
        this.deferred = new DeferredQueue(env.time());
        this.hedgePolicy = new HedgePolicy(endpoint);
        this.retryPolicy = retryPolicy;
    }

    /** A client with the default backoff (base 0.5 s, cap 30 s). Fails if the endpoint's API key variable is unset. */
    public static HttpLlmClient create(LlmEndpoint endpoint, OkHttpClient base, ClientEnvironment env) {
        return create(endpoint, base, env, RetryPolicy.DEFAULT_BASE_NANOS, RetryPolicy.DEFAULT_CAP_NANOS);
    }

    /** As {@link #create(LlmEndpoint, OkHttpClient, ClientEnvironment)} with the given backoff base and cap. */
    public static HttpLlmClient create(
            LlmEndpoint endpoint,
            OkHttpClient base,
            ClientEnvironment env,
            long backoffBaseNanos,
            long backoffCapNanos) {
        return new HttpLlmClient(
                endpoint,
                base,
                env,
                new RetryPolicy(endpoint.maxAttempts(), backoffBaseNanos, backoffCapNanos, env.random()));
    }

    private static OkHttpClient derive(OkHttpClient base, LlmEndpoint endpoint, BearerAuthInterceptor auth) {
        // OkHttp's Dispatcher defaults to 5 requests per host; the AttemptQueue is the real cap, so the Dispatcher only
        // needs headroom (a finished call leaves the Dispatcher just after our callback has started the next one).
        Dispatcher dispatcher = new Dispatcher(base.dispatcher().executorService());
        int limit = Math.max(64, 2 * endpoint.maxConcurrency());
        dispatcher.setMaxRequests(limit);
        dispatcher.setMaxRequestsPerHost(limit);
        Duration timeout = endpoint.requestTimeout();
        OkHttpClient.Builder builder = base.newBuilder()
                .dispatcher(dispatcher)
                // Its own pool, keeping as many idle connections as the endpoint's cap allows (at least OkHttp's
                // default 5),
                // so connections up to the cap stay open between bursts instead of being closed and opened again.
                .connectionPool(new ConnectionPool(Math.max(5, endpoint.maxConcurrency()), 5, TimeUnit.MINUTES))
                .callTimeout(timeout)
                .readTimeout(timeout)
                .writeTimeout(timeout)
                .connectTimeout(timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10))
                .retryOnConnectionFailure(false); // every retry goes through RetryPolicy, so it is counted and bounded
        if (auth != null) {
            builder.addInterceptor(auth);
        }
        return builder.build();
    }

    @Override
    public LlmEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public CompletableFuture<ChatResult> complete(ChatRequest request, LlmCallListener listener) {
        return new CallRun(this, request, ListenerChain.of(listener)).begin();
    }

    /** Attempts in flight now (for tests and diagnostics). */
    public int inFlight() {
        return queue.inFlight();
    }

    /** Attempts waiting for a permit, a pause or the budget (for tests and diagnostics). */
    public int waiting() {
        return queue.waiting();
    }

    /** Calls parked until the endpoint answers well again (for tests and diagnostics). */
    public int deferred() {
        return deferred.size();
    }

    /** Backup copies sent so far (hedged requests; for tests and diagnostics). */
    public long hedges() {
        return hedgePolicy.hedges();
    }

    Request newHttpRequest(ChatRequest request) {
        return new Request.Builder()
                .url(url)
                .post(RequestBody.create(ChatRequestEncoder.encode(endpoint, request), JSON))
                .header("Accept", "application/json")
                .build();
    }

    String redact(String text) {
        if (text == null) {
            return "";
        }
        return auth == null ? text : auth.redact(text);
    }

    OkHttpClient http() {
        return http;
    }

    /**
     * An attempt lost its connection ({@code e}, unless it was a timeout or a cancel). If the server had closed it while
     * it sat idle in the pool (its keep-alive ran out, it restarted, a proxy dropped it), the request failed before the
     * server read it, and the endpoint's other idle connections are likely closed too: they are closed here, so the
     * retry opens a fresh connection instead of failing on the next stale one. Connections in use are left alone.
     */
    void connectionLost(Call call, IOException e) {
        if (!call.isCanceled() && !(e instanceof InterruptedIOException)) {
            http.connectionPool().evictAll();
        }
    }

    String safeUrl() {
        return safeUrl;
    }

    TimeSource time() {
        return env.time();
    }

    AttemptQueue queue() {
        return queue;
    }

    RateBudget budget() {
        return budget;
    }

    EndpointBreaker breaker() {
        return breaker;
    }

    DeferredQueue deferredQueue() {
        return deferred;
    }

    HedgePolicy hedgePolicy() {
        return hedgePolicy;
    }

    RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    @Override
    public String toString() {
        return "HttpLlmClient{" + endpoint.name() + " " + safeUrl + " model=" + endpoint.model() + "}";
    }
}
