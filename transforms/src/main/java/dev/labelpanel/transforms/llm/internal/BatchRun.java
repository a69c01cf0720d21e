package dev.labelpanel.transforms.llm.internal;

import dev.labelpanel.transforms.llm.BatchSettings;
import dev.labelpanel.transforms.llm.FailureReason;
import dev.labelpanel.transforms.llm.LlmClient;
import dev.labelpanel.transforms.llm.LlmClients;
import dev.labelpanel.transforms.llm.internal.BatchApi.BatchState;
import dev.labelpanel.transforms.llm.internal.BatchLlmClient.Call;
import java.io.IOException;
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
 * The batch side of a {@link BatchLlmClient}: has each batch uploaded and created ({@link BatchCreation}, journaled
 * so that a kill never creates one twice), polls it with a doubling pause, downloads its output and error files and
 * hands each answer to its call by {@code custom_id}. Requests in the error file are retried (online or in a later batch); requests a failed,
 * expired or cancelled batch left unanswered are resubmitted; past their limits they end as failed calls (no-votes).
 * Runs on {@link #THREADS}, never on a DoFn thread.
 */
final class BatchRun {
    private static final Logger LOG = LoggerFactory.getLogger(BatchRun.class);
    /** Consecutive failed polls (or creates) of one batch before its requests count as unanswered. */
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
    private final BatchCreation creation;
    private final String clientId;
    private final Supplier<LlmClient> online;

    BatchRun(BatchLlmClient client, BatchApi api, BatchJournal journal, String clientId, Supplier<LlmClient> online) {
        this.client = client;
        this.api = api;
        this.journal = journal;
        this.creation = new BatchCreation(client, api, journal, clientId);
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

    /**
     * Polls again every batch an earlier run submitted and did not see end; looks up (and polls, or else creates) the
     * batch of every intent it journaled without a batch id.
     */
    void resume() {
        for (BatchJournal.Submission open : journal.unfinished(clientId)) {
            List<Call> calls = new ArrayList<>();
            open.keys().forEach(key -> calls.add(client.resumed(key)));
            LOG.info(
                    "Resuming batch {} of {} ({} requests) from the journal {}",
                    open.batchId() != null ? open.batchId() : "of submission " + open.submissionId(),
                    client.endpoint().name(),
                    calls.size(),
                    journal.file());
            if (open.batchId() != null) {
                inFlight(calls.size(), 1);
                schedulePoll(open.batchId(), calls, Duration.ZERO, 0);
            } else {
                THREADS.execute(() -> create(open, calls, true, Duration.ZERO, 0));
            }
        }
    }

    void submit(List<Call> calls) {
        BatchJournal.Submission intent;
        try {
            intent = creation.intend(calls);
        } catch (IOException e) {
            notSubmitted(calls, e);
            return;
        } catch (RuntimeException e) {
            refused(calls, e);
            return;
        }
        synchronized (client) {
            calls.forEach(c -> c.submissions++);
        }
        create(intent, calls, false, Duration.ZERO, 0);
    }

    /**
     * Creates the batch of {@code intent} (after looking for it at the provider if it {@code mayExist}) and polls it;
     * tried again while the endpoint is unreachable.
     */
    private void create(
            BatchJournal.Submission intent, List<Call> calls, boolean mayExist, Duration delay, int failures) {
        BatchCreation.Created created;
        try {
            created = creation.resolve(intent, mayExist);
        } catch (IOException e) {
            if (failures + 1 < MAX_POLL_FAILURES) {
                LOG.debug(
                        "Creating the batch of submission {} failed ({}); looking again",
                        intent.submissionId(),
                        e.getMessage());
                Duration next = next(delay);
                THREADS.schedule(
                        () -> create(intent, calls, true, next, failures + 1), next.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            creation.abandon(intent, "unreachable");
            notSubmitted(calls, e);
            return;
        } catch (RuntimeException e) {
            refused(calls, e);
            return;
        }
        if (created == null) {
            calls.forEach(c -> unanswered(c, "its uploaded file " + intent.fileId() + " is gone"));
            return;
        }
        String batchId = created.batch().id();
        if (created.byThisRun()) {
            BATCHES_SUBMITTED.incrementAndGet();
            REQUESTS_SUBMITTED.addAndGet(calls.size());
        }
        inFlight(calls.size(), 1);
        LOG.info(
                "{} batch {} of {} requests to {}",
                created.justCreated() ? "Submitted" : "Found the submitted",
                batchId,
                calls.size(),
                client.endpoint().name());
        schedulePoll(batchId, calls, created.justCreated() ? client.settings().pollInterval() : Duration.ZERO, 0);
    }

    private void notSubmitted(List<Call> calls, IOException e) {
        LOG.warn(
                "Could not submit a batch of {} requests to {}: {}",
                calls.size(),
                client.endpoint().name(),
                e.getMessage());
        calls.forEach(c -> unanswered(c, "could not submit its batch (" + e.getMessage() + ")"));
    }

    private void refused(List<Call> calls, RuntimeException e) {
        LOG.error("Batch submission to {} refused: {}", client.endpoint().name(), e.getMessage());
        calls.forEach(c -> client.broken(c, e));
    }

    private void schedulePoll(String batchId, List<Call> calls, Duration delay, int failures) {
        THREADS.schedule(() -> poll(batchId, calls, delay, failures), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void poll(String batchId, List<Call> calls, Duration delay, int failures) {
        Duration next = next(delay);
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

    /** The pause after {@code delay}: the poll interval first, then doubling up to the maximum. */
    private Duration next(Duration delay) {
        BatchSettings settings = client.settings();
        Duration next = delay.isZero() ? settings.pollInterval() : delay.multipliedBy(2);
        return next.compareTo(settings.maxPollInterval()) > 0 ? settings.maxPollInterval() : next;
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
