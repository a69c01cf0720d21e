package dev.labelpanel.transforms.llm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.labelpanel.simulator.LabelerSimulator;
import dev.labelpanel.simulator.profile.SimulatorProfile;
import dev.labelpanel.simulator.server.BatchStats;
import dev.labelpanel.transforms.llm.BatchSettings;
import dev.labelpanel.transforms.llm.ChatMessage;
import dev.labelpanel.transforms.llm.ChatRequest;
import dev.labelpanel.transforms.llm.ChatResult;
import dev.labelpanel.transforms.llm.LlmEndpoint;
import dev.labelpanel.transforms.llm.internal.BatchLlmClient.Call;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed between journaling a batch's intent and journaling its batch id, started again, against the
 * simulator over real HTTP: the batch the killed run created is found by its submission id and polled, nothing is
 * created or uploaded again (counted at the simulator); an intent whose create never reached the simulator is created
 * once, from the file already uploaded. Either way every call gets the answer an online call gets.
 */
class BatchResumeTest {
    private static final String PROFILE = """
      seed: 5
      models:
        - name: sim-model
          accuracy: 0.7
          latency: {median_ms: 0, p99_ms: 0, per_output_token_ms: 0}
      """;
    private static final String IDENTITY = "resume-test";

    @TempDir
    Path dir;

    private LabelerSimulator simulator() {
        return LabelerSimulator.builder(SimulatorProfile.parse(PROFILE, dir))
                .seed(5)
                .latencyScale(0)
                .batches(dev.labelpanel.simulator.server.BatchSettings.DEFAULT)
                .start();
    }

    private static List<ChatRequest> requests() {
        List<ChatRequest> requests = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            requests.add(ChatRequest.of(List.of(
                    ChatMessage.system("Label the text SAFE or UNSAFE."), ChatMessage.user("text number " + i))));
        }
        return requests;
    }

    private BatchLlmClient client(LlmEndpoint endpoint, BatchApi api) {
        BatchSettings settings = new BatchSettings(
                100,
                Duration.ofMinutes(1),
                "24h",
                Duration.ofMillis(10),
                Duration.ofMillis(40),
                0,
                false,
                0,
                dir.resolve("journal").toString());
        return BatchLlmClient.create(endpoint, settings, IDENTITY, api, () -> null);
    }

    /**
     * What a killed run left: its requests uploaded and an intent journaled, then ({@code reachedProvider}) the batch
     * created exactly as {@link BatchCreation} creates it, with its id never journaled.
     */
    private BatchStats killedRun(LabelerSimulator sim, LlmEndpoint endpoint, BatchApi api, boolean reachedProvider)
            throws Exception {
        BatchLlmClient killed = client(endpoint, api);
        BatchCreation creation = new BatchCreation(
                killed, api, BatchJournal.in(dir.resolve("journal")), BatchLlmClient.journalClient(IDENTITY, endpoint));
        List<Call> calls = new ArrayList<>();
        for (ChatRequest request : requests()) {
            calls.add(new Call(
                    BatchLlmClient.key(endpoint, IDENTITY, request),
                    request,
                    ChatRequestEncoder.encode(endpoint, request)));
        }
        BatchJournal.Submission intent = creation.intend(calls);
        if (reachedProvider) {
            api.create(intent.fileId(), "24h", BatchCreation.metadata(endpoint.name(), intent.submissionId()));
        }
        return sim.batchStats();
    }

    /** The contents {@code complete} gives for {@link #requests()}. */
    private static List<String> answers(Function<ChatRequest, CompletableFuture<ChatResult>> complete)
            throws Exception {
        List<CompletableFuture<ChatResult>> futures =
                requests().stream().map(complete).toList();
        List<String> answers = new ArrayList<>();
        for (CompletableFuture<ChatResult> future : futures) {
            answers.add(future.get(30, TimeUnit.SECONDS).content());
        }
        return answers;
    }

    private void assertResumed(boolean reachedProvider) throws Exception {
        try (LabelerSimulator sim = simulator()) {
            LlmEndpoint endpoint =
                    LlmEndpoint.builder("sim", sim.baseUrl(), "sim-model").build();
            BatchApi api = new BatchApi(endpoint, SharedHttp.base(), ClientEnvironment.system());
            BatchStats atKill = killedRun(sim, endpoint, api, reachedProvider);
            assertEquals(
                    List.of(1L, reachedProvider ? 1L : 0L), List.of(atKill.filesUploaded(), atKill.batchesCreated()));

            BatchLlmClient restarted = client(endpoint, api);
            List<String> batchAnswers = answers(restarted::complete);

            BatchStats after = sim.batchStats();
            assertEquals(
                    List.of(1L, 1L, 1L, (long) requests().size(), 0L),
                    List.of(
                            after.filesUploaded(),
                            after.batchesCreated(),
                            after.listRequests(),
                            after.requestsSubmitted(),
                            after.duplicateSubmissions()),
                    "one upload, one batch, one look at the list: " + after);
            assertEquals(0, sim.stats().totalRequests(), "no online call");
            assertEquals(
                    List.of(),
                    BatchJournal.in(dir.resolve("journal"))
                            .unfinished(BatchLlmClient.journalClient(IDENTITY, endpoint)));

            HttpLlmClient online = HttpLlmClient.create(endpoint, SharedHttp.base(), ClientEnvironment.system());
            assertEquals(answers(online::complete), batchAnswers);
        }
    }

    @Test
    void aBatchCreatedButNotJournaledIsFoundAndPolledNotCreatedAgain() throws Exception {
        assertResumed(true);
    }

    @Test
    void anIntentWhoseCreateNeverReachedTheProviderIsCreatedOnceFromItsUploadedFile() throws Exception {
        assertResumed(false);
    }
}
