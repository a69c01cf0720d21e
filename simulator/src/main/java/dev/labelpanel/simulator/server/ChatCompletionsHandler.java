package dev.labelpanel.simulator.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.labelpanel.simulator.profile.FaultKind;
import dev.labelpanel.simulator.scenario.ChatRequest;
import dev.labelpanel.simulator.scenario.Outcome;
import dev.labelpanel.simulator.scenario.PanelScenario;
import dev.labelpanel.simulator.scenario.Usage;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/chat/completions}: validates the request (401, 400, 404), applies the model's rate limits (429 with
 * {@code x-ratelimit-*}), asks the {@link PanelScenario} for the outcome, and completes the exchange after the simulated
 * latency, as a JSON body or an SSE stream, or with the drawn fault. The handler never waits: it returns at once.
 */
final class ChatCompletionsHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ChatCompletionsHandler.class);
    /** IMF-fixdate, the preferred HTTP date format (RFC 9110). */
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    private final ApiKeyCheck apiKey;
    private final ChatRequestReader reader;
    private final PanelScenario scenario;
    private final Map<String, RateLimiter> limiters;
    private final StatsRecorder stats;
    private final Responder responder;
    private final ResponseBodies bodies;
    private final SseReply sse;
    private final Duration timeoutHang;
    private final double latencyScale;
    private final Clock clock;
    private final AtomicLong ids = new AtomicLong();

    ChatCompletionsHandler(
            ApiKeyCheck apiKey,
            ChatRequestReader reader,
            PanelScenario scenario,
            Map<String, RateLimiter> limiters,
            StatsRecorder stats,
            Responder responder,
            ResponseBodies bodies,
            Duration timeoutHang,
            double latencyScale,
            Clock clock) {
        this.apiKey = apiKey;
        this.reader = reader;
        this.scenario = scenario;
        this.limiters = limiters;
        this.stats = stats;
        this.responder = responder;
        this.bodies = bodies;
        this.sse = new SseReply(responder, bodies);
        this.timeoutHang = timeoutHang;
        this.latencyScale = latencyScale;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            JsonReplies.route(exchange, "POST", "/v1/chat/completions");
            apiKey.check(exchange.getRequestHeaders().getFirst("Authorization"));
            ChatRequest request = reader.read(exchange.getRequestBody().readAllBytes());
            if (!scenario.knows(request.model())) {
                throw new ApiException(ApiError.modelNotFound(request.model()));
            }
            String unsupported = scenario.unsupportedParameter(request);
            if (unsupported != null) {
                throw new ApiException(ApiError.badRequest(
                        "Unrecognized request argument supplied: " + unsupported + " (this simulated provider does not"
                                + " support it)",
                        unsupported));
            }
            serve(exchange, request);
        } catch (ApiException e) {
            stats.rejected(e.error().status());
            responder.sendJson(exchange, e.error().status(), Map.of(), bodies.error(e.error()));
        } catch (IOException e) {
            LOG.debug("Could not read a request body", e);
            exchange.close();
        }
    }

    private void serve(HttpExchange exchange, ChatRequest request) {
        ModelCounters counters = stats.model(request.model());
        counters.request();
        stats.started(counters);
        boolean scheduled = false;
        try {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("x-request-id", "req-sim-" + ids.incrementAndGet());
            RateLimiter limiter = limiters.get(request.model());
            if (limiter.enabled()) {
                int tokens = Usage.estimatePrompt(request.messages());
                RateLimiter.Decision decision =
                        limiter.acquire(tokens + (request.maxTokens() == null ? 0 : request.maxTokens()));
                headers.putAll(decision.headers());
                if (!decision.allowed()) {
                    counters.rateLimited();
                    retryAfter(headers, decision.retryAfterMs(), false);
                    ApiError error =
                            ApiError.rateLimited("Rate limit reached for " + request.model() + " (simulated).");
                    responder.sendJson(exchange, 429, headers, bodies.error(error));
                    return;
                }
            }
            Outcome outcome = scenario.respond(request);
            counters.outcome(outcome);
            if (!outcome.promptRecognized()) {
                headers.put("x-simulator-prompt", "unrecognized");
            }
            complete(exchange, request, outcome, headers);
            scheduled = true;
        } finally {
            if (!scheduled) {
                stats.finished(counters);
            }
        }
    }

    /** Schedules the exchange's completion; the in-flight count drops when it has been sent. */
    private void complete(HttpExchange exchange, ChatRequest request, Outcome outcome, Map<String, String> headers) {
        String id = "chatcmpl-sim-" + ids.incrementAndGet();
        long created = clock.millis() / 1000;
        ModelCounters counters = stats.model(request.model());
        String model = scenario.servedName(request.model());
        // A stream carries an answer, and also a malformed or choice-less one (the fault is then in the stream).
        boolean answers = !outcome.faulted()
                || outcome.fault() == FaultKind.MALFORMED_BODY
                || outcome.fault() == FaultKind.EMPTY_CHOICES;
        if (answers && request.stream()) {
            sse.send(
                    exchange,
                    headers,
                    outcome,
                    id,
                    created,
                    model,
                    request.includeUsage(),
                    () -> stats.finished(counters));
            return;
        }
        if (!outcome.faulted()) {
            finishLater(
                    counters,
                    outcome.totalMs(),
                    () -> responder.sendJson(
                            exchange, 200, headers, bodies.completion(id, created, model, outcome, false)));
            return;
        }
        switch (outcome.fault()) {
            case RATE_LIMITED:
                retryAfter(
                        headers,
                        Math.round(outcome.retryAfterSeconds() * 1000 * latencyScale),
                        outcome.retryAfterAsDate());
                errorLater(
                        exchange,
                        headers,
                        counters,
                        outcome,
                        429,
                        ApiError.rateLimited("Rate limit reached (simulated fault)."));
                return;
            case SERVER_ERROR:
                errorLater(exchange, headers, counters, outcome, 500, ApiError.serverError());
                return;
            case UNAVAILABLE:
                errorLater(exchange, headers, counters, outcome, 503, ApiError.unavailable());
                return;
            case DROPPED_CONNECTION:
                finishLater(counters, outcome.firstTokenMs(), () -> responder.drop(exchange));
                return;
            case TIMEOUT:
                finishLater(counters, timeoutHang.toMillis(), () -> responder.drop(exchange));
                return;
            case MALFORMED_BODY:
            case EMPTY_CHOICES:
                byte[] body = outcome.fault() == FaultKind.MALFORMED_BODY
                        ? bodies.truncatedCompletion(id, created, model, outcome, 0.6)
                        : bodies.completion(id, created, model, outcome, true);
                finishLater(counters, outcome.totalMs(), () -> responder.sendJson(exchange, 200, headers, body));
                return;
            default:
                throw new IllegalStateException("Unhandled fault " + outcome.fault());
        }
    }

    /** An error reply of a faulted outcome, sent after its time to the first token. */
    private void errorLater(
            HttpExchange exchange,
            Map<String, String> headers,
            ModelCounters counters,
            Outcome outcome,
            int status,
            ApiError error) {
        finishLater(
                counters,
                outcome.firstTokenMs(),
                () -> responder.sendJson(exchange, status, headers, bodies.error(error)));
    }

    private void finishLater(ModelCounters counters, long delayMs, Runnable send) {
        responder.later(delayMs, () -> {
            // Counted out before the write, so a client that sends its next request as soon as it has the response
            // never sees both in flight.
            stats.finished(counters);
            send.run();
        });
    }

    /**
     * A 429's pause of {@code ms} real milliseconds (already scaled: a fault's {@code retry_after_seconds} times the
     * latency scale, the rate limiter's wait in its scaled minute): {@code Retry-After} in whole seconds, rounded up
     * so no client retries early, or as an HTTP date; and the exact wait as {@code retry-after-ms}, which OpenAI-style
     * clients (and labelpanel) prefer, unless the scale is 1 and the wait is whole seconds anyway.
     */
    private void retryAfter(Map<String, String> headers, long ms, boolean asDate) {
        long seconds = (ms + 999) / 1000;
        if (latencyScale != 1 || ms % 1000 != 0) {
            headers.put("retry-after-ms", String.valueOf(ms));
        }
        if (!asDate) {
            headers.put("Retry-After", String.valueOf(seconds));
            return;
        }
        // HTTP dates have whole seconds: round up so the client never retries early.
        long epochSecond = (clock.millis() + 999) / 1000 + seconds;
        headers.put(
                "Retry-After",
                HTTP_DATE.format(Instant.ofEpochSecond(epochSecond).atOffset(ZoneOffset.UTC)));
    }
}
