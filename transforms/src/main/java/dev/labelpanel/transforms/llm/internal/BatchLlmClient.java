package dev.labelpanel.transforms.llm.internal;

import dev.labelpanel.transforms.llm.BatchSettings;
import dev.labelpanel.transforms.llm.ChatRequest;
import dev.labelpanel.transforms.llm.ChatResult;
import dev.labelpanel.transforms.llm.FailureReason;
import dev.labelpanel.transforms.llm.LlmCallFailedException;
import dev.labelpanel.transforms.llm.LlmCallListener;
import dev.labelpanel.transforms.llm.LlmClient;
import dev.labelpanel.transforms.llm.LlmClients;
import dev.labelpanel.transforms.llm.LlmEndpoint;
import dev.labelpanel.transforms.llm.cache.CacheKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link LlmClient} of an endpoint in batch mode: calls are collected across items and DoFns (per JVM) into
 * Batch API jobs ({@link BatchSettings}), each request named by its response-cache key ({@code custom_id}), so an
 * answer completes its call exactly as an online answer would and lands in the same cache entry. Submitting, polling
 * and matching the results run on the batch threads ({@link BatchRun}); this class holds the waiting calls.
 * Requests of batches a killed run left in the {@link BatchJournal} are polled again, not resubmitted: a call for
 * one of them waits for that batch. Thread-safe; never closed (clients live per JVM).
 */
public final class BatchLlmClient implements LlmClient {
    private static final Logger LOG = LoggerFactory.getLogger(BatchLlmClient.class);

    private final LlmEndpoint endpoint;
    private final BatchSettings settings;
    private final String identity;
    private final BatchRun run;
    private final Map<String, Call> calls = new HashMap<>();
    private final List<Call> buffer = new ArrayList<>();
    private long bufferBytes;
    private ScheduledFuture<?> flushTimer;

    /** One request and everyone waiting for it; guarded by the client's monitor. */
    static final class Call {
        final String key;
        final CompletableFuture<ChatResult> future = new CompletableFuture<>();
        final long since = System.nanoTime();
        ChatRequest request; // null: resumed from the journal and not asked for yet in this run
        byte[] body;
        int submissions;
        int errors;
        int resubmits;

        Call(String key, ChatRequest request, byte[] body) {
            this.key = key;
            this.request = request;
            this.body = body;
        }
    }

    private BatchLlmClient(
            LlmEndpoint endpoint, BatchSettings settings, String identity, BatchApi api, Supplier<LlmClient> online) {
        this.endpoint = endpoint;
        this.settings = settings;
        this.identity = identity;
        BatchJournal journal = BatchJournal.in(Path.of(settings.journalDir()));
        this.run = new BatchRun(this, api, journal, journalClient(identity, endpoint), online);
    }

    /**
     * The batch client of {@code endpoint}; {@code identity} stands for the endpoint in cache keys, {@code online}
     * gives the endpoint's online client for {@code retryOnline}. Resumes the journal's unfinished batches.
     */
    public static BatchLlmClient create(
            LlmEndpoint endpoint, BatchSettings settings, String identity, BatchApi api, Supplier<LlmClient> online) {
        BatchLlmClient client = new BatchLlmClient(endpoint, settings, identity, api, online);
        client.run.resume();
        return client;
    }

    /** How the journal names the client of {@code endpoint} standing for {@code identity}. */
    static String journalClient(String identity, LlmEndpoint endpoint) {
        return identity + "#" + endpoint.model();
    }

    /** The response-cache key of {@code request} to {@code endpoint} standing for {@code identity}: its custom_id. */
    static String key(LlmEndpoint endpoint, String identity, ChatRequest request) {
        return CacheKey.of(
                identity,
                endpoint.model(),
                request.messages(),
                endpoint.temperature(),
                ChatRequestEncoder.maxTokens(endpoint, request),
                endpoint.topP());
    }

    @Override
    public LlmEndpoint endpoint() {
        return endpoint;
    }

    BatchSettings settings() {
        return settings;
    }

    @Override
    public CompletableFuture<ChatResult> complete(ChatRequest request, LlmCallListener listener) {
        String key = key(endpoint, identity, request);
        synchronized (this) {
            Call call = calls.get(key);
            if (call != null) {
                if (call.request == null) {
                    call.request = request;
                    call.body = ChatRequestEncoder.encode(endpoint, request);
                }
                if (call.future.isDone()) {
                    calls.remove(key); // a resumed batch's answer, now claimed
                }
                return call.future;
            }
            call = new Call(key, request, ChatRequestEncoder.encode(endpoint, request));
            calls.put(key, call);
            enqueue(call);
            return call.future;
        }
    }

    /** A call of a batch left unfinished by an earlier run: waits for that batch, not resubmitted. */
    synchronized Call resumed(String key) {
        return calls.computeIfAbsent(key, k -> {
            Call call = new Call(k, null, null);
            call.submissions = 1;
            return call;
        });
    }

    /** Queues {@code call} for the next batch, which goes out when full or when its first call has waited long. */
    synchronized void enqueue(Call call) {
        buffer.add(call);
        bufferBytes += call.body.length + call.key.length() + 80L;
        if (buffer.size() >= settings.maxRequests() || bufferBytes >= BatchSettings.MAX_FILE_BYTES) {
            flush();
        } else if (flushTimer == null) {
            flushTimer =
                    BatchRun.THREADS.schedule(this::flush, settings.maxWait().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void flush() {
        if (flushTimer != null) {
            flushTimer.cancel(false);
            flushTimer = null;
        }
        if (buffer.isEmpty()) {
            return;
        }
        List<Call> batch = List.copyOf(buffer);
        buffer.clear();
        bufferBytes = 0;
        BatchRun.THREADS.execute(() -> run.submit(batch));
    }

    /** Completes {@code call} with its answer; a resumed call nobody asked for yet keeps it until asked. */
    void answered(Call call, ChatResult result) {
        synchronized (this) {
            if (call.request != null) {
                calls.remove(call.key);
            }
        }
        call.future.complete(result);
    }

    /** Ends {@code call} as a failed call (a no-vote with {@code reason}). */
    void failed(Call call, FailureReason reason, String message) {
        synchronized (this) {
            calls.remove(call.key);
        }
        LOG.debug("Batch call {} at {} failed: {}", call.key, endpoint.name(), message);
        call.future.completeExceptionally(new LlmCallFailedException(
                endpoint.name(), endpoint.name() + ": " + message, reason, call.submissions, 0, null));
    }

    /** Ends {@code call} with an error that must stop the run (a refused request or key). */
    void broken(Call call, RuntimeException error) {
        synchronized (this) {
            calls.remove(call.key);
        }
        call.future.completeExceptionally(error);
    }

    /** Forgets a resumed call whose batch is gone before anyone asked for it: a later call submits it anew. */
    synchronized boolean forgetUnclaimed(Call call) {
        if (call.request != null) {
            return false;
        }
        calls.remove(call.key);
        return true;
    }

    /** How long {@code call} has waited, in milliseconds. */
    static long waitedMs(Call call) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - call.since);
    }

    /** See {@link LlmClients#batchProgress()}. */
    public static LlmClients.BatchProgress progress() {
        return BatchRun.progress();
    }

    @Override
    public String toString() {
        return "BatchLlmClient{" + endpoint.name() + " " + SafeUrl.of(endpoint) + " model=" + endpoint.model() + "}";
    }
}
