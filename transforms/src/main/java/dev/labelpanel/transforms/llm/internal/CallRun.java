package dev.labelpanel.transforms.llm.internal;

import dev.labelpanel.transforms.llm.ChatRequest;
import dev.labelpanel.transforms.llm.ChatResult;
import dev.labelpanel.transforms.llm.EndpointDownException;
import dev.labelpanel.transforms.llm.FailureReason;
import dev.labelpanel.transforms.llm.LlmCallException;
import dev.labelpanel.transforms.llm.LlmCallFailedException;
import dev.labelpanel.transforms.llm.LlmCallListener;
import dev.labelpanel.transforms.llm.LlmConfigurationException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logical call: attempts go through the endpoint's {@link AttemptQueue}, each is one OkHttp {@code enqueue}, and
 * the outcome is success, a fatal refusal, or a transient failure that the {@link RetryPolicy} may retry. A call that
 * runs out of regular attempts (or of its call deadline) is not failed yet: it is <em>deferred</em> — parked in the
 * endpoint's {@link DeferredQueue} until the endpoint answers another call well, then tried again, up to
 * {@code deferredAttempts} more times within {@code deferredDeadline}; only then does it fail. Exactly one attempt is
 * active at a time, handed between threads through the queues and the timer (all synchronized), so its fields need no
 * lock — except that an attempt in flight longer than the endpoint's {@link HedgePolicy} delay may get one backup
 * copy (a {@link Hedge}): the first usable answer wins ({@code settled}), the other copy is cancelled, and the fields
 * the two copies share are guarded by {@code this}. A failure of the attempt while its backup is still out waits for
 * the backup ({@code failureBehindHedge}): the backup's answer wins, or its failure lets the attempt's go on as usual.
 */
final class CallRun implements AttemptQueue.Attempt, DeferredQueue.Parked, Callback {
    private static final Logger LOG = LoggerFactory.getLogger(CallRun.class);

    private final HttpLlmClient client;
    private final Request httpRequest;
    private final LlmCallListener listener;
    private final long estimatedTokens;
    private final CompletableFuture<ChatResult> future = new CompletableFuture<>();
    private long deadlineNanos;
    private boolean deferred;
    private int deferredAttempts;
    private int attempts;
    private long attemptStartNanos;
    private boolean permitHeld;
    private AttemptFailure lastFailure;
    private Call attemptCall; // guarded by this, like the rest below
    private boolean attemptOut;
    private Hedge hedge;
    private int hedges;
    private boolean settled;
    private AttemptFailure failureBehindHedge;

    CallRun(HttpLlmClient client, ChatRequest request, LlmCallListener listener) {
        this.client = client;
        this.listener = listener;
        this.httpRequest = client.newHttpRequest(request);
        this.estimatedTokens = RateBudget.estimate(
                ChatRequestEncoder.promptChars(request), ChatRequestEncoder.maxTokens(client.endpoint(), request));
        this.deadlineNanos =
                client.time().nanoTime() + client.endpoint().callDeadline().toNanos();
    }

    CompletableFuture<ChatResult> begin() {
        listener.callStart(client.endpoint());
        client.hedgePolicy().callStarted();
        String down =
                client.breaker().peek(client.endpoint().name(), client.time().nanoTime());
        if (down != null) {
            fail(new EndpointDownException(client.endpoint().name(), down, null));
        } else {
            client.queue().submit(this);
        }
        return future;
    }

    @Override
    public long estimatedTokens() {
        return estimatedTokens;
    }

    @Override
    public void start() {
        permitHeld = true;
        long now = client.time().nanoTime();
        if (now >= deadlineNanos) {
            endAttempt(0);
            deferOrFail(
                    deferred
                            ? deferredDeadlinePassed()
                            : "the call deadline of " + client.endpoint().callDeadline() + " passed",
                    now,
                    0);
            return;
        }
        String down =
                client.breaker().admit(client.endpoint().name(), now); // last: in half-open state this is the probe
        if (down != null) {
            endAttempt(0);
            fail(new EndpointDownException(client.endpoint().name(), down, null));
            return;
        }
        attempts++;
        if (deferred) {
            deferredAttempts++;
        }
        attemptStartNanos = now;
        Call call = newCall(now);
        synchronized (this) {
            attemptCall = call;
            attemptOut = true;
        }
        long hedgeDelay = hedges == 0 ? client.hedgePolicy().delayNanos() : -1; // one backup copy per call at most
        if (hedgeDelay >= 0) {
            client.time().schedule(() -> hedge(call), hedgeDelay);
        }
        call.enqueue(this);
    }

    private Call newCall(long now) {
        Call call = client.http().newCall(httpRequest);
        long remaining = deadlineNanos - now;
        if (remaining < client.endpoint().requestTimeout().toNanos()) {
            call.timeout().timeout(remaining, TimeUnit.NANOSECONDS);
        }
        return call;
    }

    /**
     * The attempt {@code call} has been out for the hedge delay: if it still is and the load bound allows, a backup
     * copy takes the endpoint's next free permit (ahead of attempts waiting for one: it is late already), within the
     * pause and the rate budget like any attempt. If the attempt has ended by then, the permit is handed back unused.
     */
    private void hedge(Call call) {
        synchronized (this) {
            if (settled || attemptCall != call || !attemptOut || hedges > 0) {
                return;
            }
        }
        if (!client.hedgePolicy().reserve()) {
            return;
        }
        client.queue().submitFirst(new AttemptQueue.Attempt() {
            @Override
            public long estimatedTokens() {
                return estimatedTokens;
            }

            @Override
            public void start() {
                sendHedge(call);
            }
        });
    }

    /** Holding a permit: sends the backup copy of {@code call}, or gives the permit back if it is no longer needed. */
    private void sendHedge(Call call) {
        long now = client.time().nanoTime();
        Hedge backup;
        synchronized (this) {
            if (settled || attemptCall != call || !attemptOut) {
                backup = null;
            } else {
                hedges++;
                backup = new Hedge(newCall(now), now);
                hedge = backup;
            }
        }
        if (backup == null) {
            client.hedgePolicy().unreserve();
            client.budget().settle(estimatedTokens, 0);
            client.queue().release();
            return;
        }
        LOG.debug(
                "endpoint {}: attempt {} out for {} ms, sending a backup copy",
                client.endpoint().name(),
                attempts,
                (now - attemptStartNanos) / 1_000_000);
        backup.call.enqueue(backup);
    }

    @Override
    public void onFailure(Call call, IOException e) {
        client.connectionLost(call, e);
        endAttempt(0);
        attemptFailed(ioFailure(e));
    }

    /**
     * The attempt failed: lost to its backup (nothing to do), waiting for its backup still out, or on to the retry
     * policy.
     */
    private void attemptFailed(AttemptFailure failure) {
        synchronized (this) {
            attemptOut = false;
            if (settled) {
                return;
            }
            if (hedge != null && !hedge.done) {
                failureBehindHedge = failure;
                return;
            }
        }
        handleFailure(failure);
    }

    /** Claims the call's outcome for one copy; false if the other copy's answer was first. */
    private synchronized boolean settle() {
        if (settled) {
            return false;
        }
        settled = true;
        return true;
    }

    @Override
    public void onResponse(Call call, Response response) {
        try (response) {
            handleResponse(response);
        } catch (RuntimeException bug) {
            endAttempt(0);
            future.completeExceptionally(bug);
            throw bug;
        }
    }

    private void handleResponse(Response response) {
        int status = response.code();
        long pauseNanos = RateLimitHeaders.pauseNanos(response.headers());
        if (pauseNanos > 0 && client.queue().pauseUntil(client.time().nanoTime() + pauseNanos)) {
            LOG.debug(
                    "endpoint {}: rate-limit headers report nothing remaining; pausing {} ms",
                    client.endpoint().name(),
                    pauseNanos / 1_000_000);
        }
        String body;
        try {
            body = response.body().string();
        } catch (IOException e) {
            endAttempt(0);
            attemptFailed(ioFailure(e));
            return;
        }
        long now = client.time().nanoTime();
        if (response.isSuccessful()) {
            CompletionParser.Completion completion;
            try {
                completion = CompletionParser.parse(body);
            } catch (CompletionParser.MalformedCompletionException e) {
                endAttempt(0);
                attemptFailed(new AttemptFailure(FailureReason.MALFORMED_RESPONSE, status, -1, e.getMessage(), e));
                return;
            }
            long used = completion.promptTokens() + completion.completionTokens();
            endAttempt(used > 0 ? used : estimatedTokens);
            Call backup;
            synchronized (this) {
                attemptOut = false;
                backup = hedge != null && !hedge.done ? hedge.call : null;
            }
            if (settle()) {
                if (backup != null) {
                    backup.cancel();
                }
                succeed(completion, now, now - attemptStartNanos, false);
            }
            return;
        }
        endAttempt(0);
        String serverMessage = client.redact(CompletionParser.errorMessage(body));
        FailureReason reason = StatusClassifier.transientReason(status);
        if (reason == null) {
            synchronized (this) {
                attemptOut = false;
            }
            if (settle()) {
                fail(new LlmConfigurationException(
                        client.endpoint().name(),
                        StatusClassifier.fatalMessage(client.endpoint(), client.safeUrl(), status, serverMessage),
                        status,
                        null));
            }
            return;
        }
        long retryAfter =
                RetryAfter.parseNanos(response.headers(), client.time().currentTimeMillis());
        String description = "HTTP " + status + (serverMessage.isEmpty() ? "" : " (" + serverMessage + ")");
        attemptFailed(new AttemptFailure(reason, status, retryAfter, description, null));
    }

    /** The call's answer, from its attempt or its backup copy ({@code byHedge}), which took {@code latencyNanos}. */
    private void succeed(CompletionParser.Completion completion, long now, long latencyNanos, boolean byHedge) {
        client.breaker().success(now);
        client.deferredQueue().healthy(now);
        client.hedgePolicy().succeeded(latencyNanos);
        ChatResult result =
                completion.result(latencyNanos / 1_000_000, attempts + hedges, deferred, hedges > 0, byHedge);
        listener.callSuccess(client.endpoint(), result);
        future.complete(result);
    }

    /**
     * The backup copy of an attempt: its own OkHttp call and permit. Its usable answer settles the call (and cancels
     * the attempt); its failure only matters when the attempt failed first and waits for it.
     */
    private final class Hedge implements Callback {
        private final Call call;
        private final long startNanos;
        private boolean done; // guarded by CallRun.this

        Hedge(Call call, long startNanos) {
            this.call = call;
            this.startNanos = startNanos;
        }

        @Override
        public void onFailure(Call c, IOException e) {
            client.connectionLost(c, e);
            finish(null, 0);
        }

        @Override
        public void onResponse(Call c, Response response) {
            CompletionParser.Completion completion = null;
            try (response) {
                String body = response.body().string();
                if (response.isSuccessful()) {
                    completion = CompletionParser.parse(body);
                }
            } catch (IOException | CompletionParser.MalformedCompletionException | RuntimeException unusable) {
                completion = null;
            }
            finish(completion, completion == null ? 0 : completion.promptTokens() + completion.completionTokens());
        }

        private void finish(CompletionParser.Completion completion, long usedTokens) {
            long now = client.time().nanoTime();
            client.budget()
                    .settle(estimatedTokens, usedTokens > 0 ? usedTokens : completion == null ? 0 : estimatedTokens);
            client.queue().release();
            AttemptFailure waiting;
            Call attempt;
            synchronized (CallRun.this) {
                done = true;
                waiting = failureBehindHedge;
                failureBehindHedge = null;
                attempt = attemptOut ? attemptCall : null;
            }
            if (completion != null && settle()) {
                if (attempt != null) {
                    attempt.cancel();
                }
                succeed(completion, now, now - startNanos, true);
            } else if (waiting != null && !isSettled()) {
                handleFailure(waiting);
            }
            if (client.queue().idle()) {
                client.deferredQueue().probe();
            }
        }
    }

    private synchronized boolean isSettled() {
        return settled;
    }

    private void handleFailure(AttemptFailure failure) {
        lastFailure = failure;
        long now = client.time().nanoTime();
        boolean rateLimited = failure.reason() == FailureReason.RATE_LIMITED;
        if (rateLimited) {
            client.breaker().rateLimited(now);
        } else if (client.breaker().failure(failure.reason().category() + ": " + failure.description(), now)) {
            String down = client.breaker().peek(client.endpoint().name(), now);
            LOG.warn(
                    "{}; failing its {} deferred calls",
                    down,
                    client.deferredQueue().size());
            client.deferredQueue().endpointDown(down);
        }
        long delay = client.retryPolicy().delayNanos(attempts, failure.retryAfterNanos());
        boolean retry = deferred
                ? deferredAttempts < client.endpoint().deferredAttempts() && now + delay < deadlineNanos
                : client.retryPolicy().mayRetry(attempts, delay, now, deadlineNanos);
        boolean willDefer = !retry && !deferred && client.endpoint().deferredAttempts() > 0;
        if (retry && rateLimited && client.queue().pauseUntil(now + delay)) {
            // The whole endpoint waits, not only this call: the others would only collect 429s of their own.
            LOG.warn(
                    "endpoint {} ({}) answered HTTP 429: pausing all its calls for {} ms",
                    client.endpoint().name(),
                    client.safeUrl(),
                    delay / 1_000_000);
        }
        listener.attemptFailed(
                client.endpoint(),
                attempts,
                failure.reason(),
                failure.status(),
                retry || willDefer,
                Duration.ofNanos(delay));
        if (!retry) {
            deferOrFail(
                    deferred
                            ? (deferredAttempts >= client.endpoint().deferredAttempts()
                                    ? "all " + attempts + " attempts failed, " + deferredAttempts
                                            + " of them after the call was deferred"
                                    : deferredDeadlinePassed())
                            : attempts >= client.endpoint().maxAttempts()
                                    ? "all " + attempts + " attempts failed"
                                    : "the call deadline of "
                                            + client.endpoint().callDeadline() + " leaves no time for a retry",
                    now,
                    delay);
        } else if (deferred) {
            client.time().schedule(() -> parkOrResume(now), delay);
        } else if (rateLimited) {
            client.queue().submit(this); // held by the pause
        } else {
            client.time().schedule(() -> client.queue().submit(this), delay);
        }
    }

    /**
     * The regular attempts are used up ({@code why}): defer the call if the endpoint defers calls and this one is not
     * deferred yet, else fail it for good. A deferred call first waits out {@code delayNanos}, then for a good answer.
     */
    private void deferOrFail(String why, long now, long delayNanos) {
        if (deferred || client.endpoint().deferredAttempts() == 0) {
            fail(exhausted(why));
            return;
        }
        deferred = true;
        deadlineNanos = now + client.endpoint().deferredDeadline().toNanos();
        LOG.debug(
                "endpoint {}: call deferred after {} attempts ({})",
                client.endpoint().name(),
                attempts,
                why);
        client.time().schedule(() -> parkOrResume(now), delayNanos);
    }

    private void parkOrResume(long failedAtNanos) {
        String down =
                client.breaker().peek(client.endpoint().name(), client.time().nanoTime());
        if (down != null) {
            endpointDown(down);
        } else if (!client.deferredQueue().park(this, failedAtNanos, deadlineNanos)) {
            resume();
        } else if (client.queue().idle()) {
            client.deferredQueue().probe(); // nothing else would bring the good answer it waits for
        }
    }

    @Override
    public void resume() {
        client.queue().submit(this);
    }

    @Override
    public void expire() {
        fail(exhausted(deferredDeadlinePassed()));
    }

    @Override
    public void endpointDown(String reason) {
        fail(new EndpointDownException(client.endpoint().name(), reason, null));
    }

    private String deferredDeadlinePassed() {
        return attempts + " attempts failed and the deferred deadline of "
                + client.endpoint().deferredDeadline() + " passed before the endpoint answered well again";
    }

    private AttemptFailure ioFailure(IOException e) {
        FailureReason reason = e instanceof InterruptedIOException ? FailureReason.TIMEOUT : FailureReason.CONNECTION;
        return new AttemptFailure(
                reason, 0, -1, e.getClass().getSimpleName() + ": " + client.redact(e.getMessage()), e);
    }

    private LlmCallFailedException exhausted(String why) {
        AttemptFailure last = lastFailure != null
                ? lastFailure
                : new AttemptFailure(FailureReason.TIMEOUT, 0, -1, "no attempt could start", null);
        String message = "endpoint " + client.endpoint().name() + " (" + client.safeUrl() + "): " + why
                + "; last failure: " + last.reason().category() + ", " + last.description();
        return new LlmCallFailedException(
                client.endpoint().name(),
                message,
                last.reason(),
                attempts + hedges,
                last.status(),
                deferred,
                last.cause());
    }

    private void fail(LlmCallException failure) {
        synchronized (this) {
            settled = true;
        }
        listener.callFailed(client.endpoint(), failure);
        future.completeExceptionally(failure);
    }

    /** Settles the rate budget and frees the concurrency permit, once per started attempt. */
    private void endAttempt(long usedTokens) {
        if (!permitHeld) {
            return;
        }
        permitHeld = false;
        client.budget().settle(estimatedTokens, usedTokens);
        client.queue().release();
        if (client.queue().idle()) {
            client.deferredQueue().probe(); // the last attempt out ended: a parked call tests the endpoint
        }
    }
}
