package dev.labelpanel.transforms.llm.internal;

import dev.labelpanel.transforms.llm.BatchSettings;
import dev.labelpanel.transforms.llm.FailureReason;
import dev.labelpanel.transforms.llm.LlmClient;
import dev.labelpanel.transforms.llm.LlmClients;
import dev.labelpanel.transforms.llm.internal.BatchApi.BatchState;
import dev.labelpanel.transforms.llm.internal.BatchLlmClient.Call;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch side of a {@link BatchLlmClient}: writes a batch's JSONL, uploads and creates it, records it in the
 * journal, polls it with a doubling pause, downloads its output and error files and hands each answer to its call
 * by {@code custom_id}. Requests in the error file are retried (online or in a later batch); requests a failed,
 * expired or cancelled batch left unanswered are resubmitted; past their limits they end as failed calls (no-votes).
 * Runs on {@link #THREADS}, never on a DoFn thread.
 */
final class BatchRun {
    private static final Logger LOG = LoggerFactory.getLogger(BatchRun.class);
    /** Consecutive failed polls of one batch before its requests count as unanswered. */
    private static final int MAX_POLL_FAILURES = 20;

    /** The JVM's batch threads (daemons): submitting, polling, downloading. */
    static final ScheduledExecutorService THREADS = threads();

    private static final AtomicInteger BATCHES_IN_FLIGHT = new AtomicInteger();
    private static final AtomicLong REQUESTS_IN_FLIGHT = new AtomicLong();
    private static final AtomicLong BATCHES_SUBMITTED = new AtomicLong();
    private static final AtomicLong REQUESTS_SUBMITTED = new AtomicLong();
    private static final Map<String, AtomicLong> ENDED = new java.util.concurrent.ConcurrentSkipListMap<>();

    private final BatchLlmClient client;
    private final BatchApi api;
    private final BatchJournal journal;
    private final String clientId;
    private final Supplier<LlmClient> online;
    private final AtomicInteger files = new AtomicInteger();

    BatchRun(BatchLlmClient client, BatchApi api, BatchJournal journal, String clientId, Supplier<LlmClient> online) {
        this.client = client;
        this.api = api;
        this.journal = journal;
        this.clientId = clientId;
        this.online = online;
    }

    /**
     * Batches in flight in this JVM now, their requests, batches and requests submitted since the JVM started, and
     * batches ended by status (the provider's, or {@code lost}).
     */
    static LlmClients.BatchProgress progress() {
        Map<String, Long> ended = new java.util.TreeMap<>();
        ENDED.forEach((status, n) -> ended.put(status, n.get()));
        return new LlmClients.BatchProgress(
                BATCHES_IN_FLIGHT.get(),
                REQUESTS_IN_FLIGHT.get(),
                BATCHES_SUBMITTED.get(),
                REQUESTS_SUBMITTED.get(),
                ended);
    }

    /** Polls again every batch an earlier run submitted and did not see end. */
    void resume() {
        Map<String, List<String>> open = journal.unfinished(clientId);
        for (Map.Entry<String, List<String>> batch : open.entrySet()) {
            List<Call> calls = new ArrayList<>();
            batch.getValue().forEach(key -> calls.add(client.resumed(key)));
            LOG.info(
                    "Resuming batch {} of {} ({} requests) from the journal {}",
                    batch.getKey(),
                    client.endpoint().name(),
                    calls.size(),
                    journal.file());
            inFlight(calls.size(), 1);
            schedulePoll(batch.getKey(), calls, Duration.ZERO, 0);
        }
    }

    void submit(List<Call> calls) {
        BatchSettings settings = client.settings();
        String batchId;
        try {
            byte[] jsonl = jsonl(calls);
            String name = "labelpanel-" + client.endpoint().name() + "-" + files.incrementAndGet() + ".jsonl";
            String fileId = api.upload(jsonl, name);
            BatchState state = api.create(
                    fileId,
                    settings.completionWindow(),
                    Map.of("labelpanel_labeler", client.endpoint().name()));
            batchId = state.id();
            journal.submitted(clientId, batchId, calls.stream().map(c -> c.key).toList());
        } catch (IOException e) {
            LOG.warn(
                    "Could not submit a batch of {} requests to {}: {}",
                    calls.size(),
                    client.endpoint().name(),
                    e.getMessage());
            calls.forEach(c -> unanswered(c, "could not submit its batch (" + e.getMessage() + ")"));
            return;
        } catch (RuntimeException e) {
            LOG.error("Batch submission to {} refused: {}", client.endpoint().name(), e.getMessage());
            calls.forEach(c -> client.broken(c, e));
            return;
        }
        synchronized (client) {
            calls.forEach(c -> c.submissions++);
        }
        BATCHES_SUBMITTED.incrementAndGet();
        REQUESTS_SUBMITTED.addAndGet(calls.size());
        inFlight(calls.size(), 1);
        LOG.info(
                "Submitted batch {} of {} requests to {}",
                batchId,
                calls.size(),
                client.endpoint().name());
        schedulePoll(batchId, calls, settings.pollInterval(), 0);
    }

    private void schedulePoll(String batchId, List<Call> calls, Duration delay, int failures) {
        THREADS.schedule(() -> poll(batchId, calls, delay, failures), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void poll(String batchId, List<Call> calls, Duration delay, int failures) {
        BatchSettings settings = client.settings();
        Duration next = delay.isZero() ? settings.pollInterval() : delay.multipliedBy(2);
        next = next.compareTo(settings.maxPollInterval()) > 0 ? settings.maxPollInterval() : next;
        BatchState state;
        try {
            state = api.get(batchId);
            if (state != null && state.ended()) {
                finish(state, calls);
                return;
            }
        } catch (IOException e) {
            if (failures + 1 < MAX_POLL_FAILURES) {
                LOG.debug("Polling batch {} failed ({}); trying again", batchId, e.getMessage());
                schedulePoll(batchId, calls, next, failures + 1);
                return;
            }
            state = null;
        } catch (RuntimeException e) {
            ended(batchId, calls, "broken");
            calls.forEach(c -> client.broken(c, e));
            return;
        }
        if (state == null) {
            LOG.warn(
                    "Batch {} is unknown to {} (or unreachable): its requests are submitted again",
                    batchId,
                    client.endpoint().name());
            ended(batchId, calls, "lost");
            calls.forEach(c -> unanswered(c, "its batch " + batchId + " was lost"));
            return;
        }
        schedulePoll(batchId, calls, next, 0);
    }

    /** Hands out an ended batch's answers and deals with the rest. */
    private void finish(BatchState state, List<Call> calls) throws IOException {
        BatchOutput output = BatchOutput.download(api, state);
        ended(state.id(), calls, state.status());
        LOG.info(
                "Batch {} of {} ended {}: {} completed, {} failed of {}",
                state.id(),
                client.endpoint().name(),
                state.status(),
                state.completed(),
                state.failed(),
                calls.size());
        for (Call call : calls) {
            BatchOutput.Outcome outcome = output.of(call.key, call.submissions, BatchLlmClient.waitedMs(call));
            if (outcome instanceof BatchOutput.Answer answer) {
                client.answered(call, answer.result());
            } else if (outcome instanceof BatchOutput.RequestError error) {
                requestError(call, error.message());
            } else {
                unanswered(call, "its batch " + state.id() + " ended " + state.status());
            }
        }
    }

    private void ended(String batchId, List<Call> calls, String status) {
        journal.ended(clientId, batchId, status);
        ENDED.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
        inFlight(-calls.size(), -1);
    }

    /** A request in the error file: retried online or in a later batch, within {@code request_retries}. */
    private void requestError(Call call, String message) {
        if (client.forgetUnclaimed(call)) {
            return;
        }
        BatchSettings settings = client.settings();
        int errors;
        synchronized (client) {
            errors = ++call.errors;
        }
        if (errors > settings.requestRetries()) {
            client.failed(
                    call,
                    FailureReason.BATCH_REQUEST_ERROR,
                    "the request was in the batch error file " + errors + " times; last: " + message);
        } else if (settings.retryOnline()) {
            online.get().complete(call.request).whenComplete((result, error) -> {
                if (error == null) {
                    client.answered(call, result);
                } else {
                    RuntimeException cause = error.getCause() instanceof RuntimeException r
                            ? r
                            : new IllegalStateException(error.getMessage(), error);
                    client.broken(call, cause);
                }
            });
        } else {
            client.enqueue(call);
        }
    }

    /** A request its batch did not answer: resubmitted within {@code max_resubmits}. */
    private void unanswered(Call call, String why) {
        if (client.forgetUnclaimed(call)) {
            return;
        }
        int resubmits;
        synchronized (client) {
            resubmits = ++call.resubmits;
        }
        if (resubmits > client.settings().maxResubmits()) {
            client.failed(call, FailureReason.BATCH_FAILED, "no answer after " + resubmits + " batches; " + why);
        } else {
            client.enqueue(call);
        }
    }

    private static byte[] jsonl(List<Call> calls) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Call call : calls) {
            out.write(("{\"custom_id\":\"" + call.key + "\",\"method\":\"POST\",\"url\":\"" + BatchApi.CHAT_PATH
                            + "\",\"body\":")
                    .getBytes(StandardCharsets.UTF_8));
            out.write(call.body);
            out.write("}\n".getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static void inFlight(long requests, int batches) {
        REQUESTS_IN_FLIGHT.addAndGet(requests);
        BATCHES_IN_FLIGHT.addAndGet(batches);
    }

    private static ScheduledExecutorService threads() {
        AtomicInteger count = new AtomicInteger();
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(2, runnable -> {
            Thread thread = new Thread(runnable, "labelpanel-batch-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        pool.setRemoveOnCancelPolicy(true);
        return pool;
    }
}
