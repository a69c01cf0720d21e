package dev.labelpanel.transforms.llm.internal;

import dev.labelpanel.transforms.llm.LlmConfigurationException;
import dev.labelpanel.transforms.llm.internal.BatchApi.BatchState;
import dev.labelpanel.transforms.llm.internal.BatchJournal.Submission;
import dev.labelpanel.transforms.llm.internal.BatchLlmClient.Call;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates one client's batches so that a kill at any moment never creates a batch twice. The requests are uploaded
 * and an intent is journaled (a new submission id, the uploaded file, the requests' keys); the batch is created with
 * the submission id in its {@code metadata}; then its id is journaled. An intent without a batch id (the run was
 * killed, or the create failed in transit, between the two) is resolved by looking the submission id up in the
 * provider's batch list: a batch found is the one to poll; otherwise it is created from the uploaded file, or the
 * intent is abandoned if that file is gone.
 */
final class BatchCreation {
    private static final Logger LOG = LoggerFactory.getLogger(BatchCreation.class);
    /** The batch metadata key holding the submission id. */
    static final String SUBMISSION_KEY = "labelpanel_submission";
    /** How much earlier than its intent a batch may seem to be created (the provider's clock against ours). */
    private static final Duration CLOCK_SLACK = Duration.ofMinutes(10);

    /**
     * The batch of an intent, and whether this run submitted it (false: an earlier run did, found at the provider); the
     * first poll waits only for a batch just created.
     */
    record Created(BatchState batch, boolean byThisRun, boolean justCreated) {}

    private final BatchApi api;
    private final BatchJournal journal;
    private final String clientId;
    private final String labeler;
    private final String completionWindow;
    private final AtomicInteger files = new AtomicInteger();
    /** The submissions intended by this run and not resolved yet. */
    private final Set<String> intendedHere = ConcurrentHashMap.newKeySet();

    BatchCreation(BatchLlmClient client, BatchApi api, BatchJournal journal, String clientId) {
        this.api = api;
        this.journal = journal;
        this.clientId = clientId;
        this.labeler = client.endpoint().name();
        this.completionWindow = client.settings().completionWindow();
    }

    /** Uploads {@code calls} as a Batch API JSONL file and journals the intent to create its batch. */
    Submission intend(List<Call> calls) throws IOException {
        String name = "labelpanel-" + labeler + "-" + files.incrementAndGet() + ".jsonl";
        String fileId = api.upload(jsonl(calls), name);
        String submissionId = UUID.randomUUID().toString();
        List<String> keys = calls.stream().map(c -> c.key).toList();
        Instant at = Instant.now();
        journal.intent(clientId, submissionId, fileId, keys);
        intendedHere.add(submissionId);
        return new Submission(submissionId, fileId, null, keys, at);
    }

    /**
     * The batch of {@code intent}, journaled: looked up at the provider first if it {@code mayExist}, else (or if not
     * found) created; null if it was not found and its file is gone (the intent is then abandoned). An {@link
     * IOException} leaves the intent open: call again with {@code mayExist}. A refusal abandons it and is thrown.
     */
    Created resolve(Submission intent, boolean mayExist) throws IOException {
        try {
            if (mayExist) {
                BatchState found = api.find(
                        SUBMISSION_KEY, intent.submissionId(), intent.at().minus(CLOCK_SLACK));
                if (found != null) {
                    journal.submitted(clientId, found.id(), intent.submissionId());
                    return new Created(found, intendedHere.remove(intent.submissionId()), false);
                }
                if (!api.fileExists(intent.fileId())) {
                    LOG.warn(
                            "Submission {} was never created and its uploaded file {} is gone from {}: its requests"
                                    + " are submitted again",
                            intent.submissionId(),
                            intent.fileId(),
                            labeler);
                    abandon(intent, "file_gone");
                    return null;
                }
            }
            BatchState created =
                    api.create(intent.fileId(), completionWindow, metadata(labeler, intent.submissionId()));
            journal.submitted(clientId, created.id(), intent.submissionId());
            intendedHere.remove(intent.submissionId());
            return new Created(created, true, true);
        } catch (LlmConfigurationException e) {
            abandon(intent, "refused");
            throw e;
        }
    }

    /** Gives up on {@code intent} (its batch was never seen), recording {@code status}. */
    void abandon(Submission intent, String status) {
        intendedHere.remove(intent.submissionId());
        journal.abandoned(clientId, intent.submissionId(), status);
    }

    /** The metadata of a batch: its labeler and submission id. */
    static Map<String, String> metadata(String labeler, String submissionId) {
        return Map.of("labelpanel_labeler", labeler, SUBMISSION_KEY, submissionId);
    }

    /** The Batch API JSONL of {@code calls}: {@code custom_id} (the cache key), {@code method}, {@code url}, body. */
    static byte[] jsonl(List<Call> calls) throws IOException {
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
}
