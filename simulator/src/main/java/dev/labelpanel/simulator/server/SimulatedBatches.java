package dev.labelpanel.simulator.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labelpanel.simulator.scenario.ChatRequest;
import dev.labelpanel.simulator.scenario.Outcome;
import dev.labelpanel.simulator.scenario.PanelScenario;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The batches of the simulated Batch API and their processing: when a batch's processing time is up, each JSONL line
 * ({@code custom_id}, {@code method}, {@code url}, {@code body}) is answered by the {@link PanelScenario} as the chat
 * endpoint would answer it (the same answer for the same seed, model and messages) and written to the output file, or
 * to the error file as an HTTP error or {@code batch_expired}, as {@link BatchSettings} asks.
 */
final class SimulatedBatches {
    private static final String CHAT_URL = "/v1/chat/completions";

    private final BatchSettings settings;
    private final StoredFiles files;
    private final ChatRequestReader reader;
    private final PanelScenario scenario;
    private final ResponseBodies bodies;
    private final ObjectMapper json;
    private final Responder responder;
    private final Clock clock;
    private final long seed;
    private final ObjectsById<SimulatedBatch> batches = new ObjectsById<>("Batch", "batch_not_found");
    private final Map<String, AtomicInteger> submissions = new ConcurrentHashMap<>();
    /** Per custom_id: true while a submission of it is in a batch in progress or was answered. */
    private final Map<String, Boolean> live = new ConcurrentHashMap<>();

    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong listRequests = new AtomicLong();
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong lineIds = new AtomicLong();

    SimulatedBatches(
            BatchSettings settings,
            StoredFiles files,
            ChatRequestReader reader,
            PanelScenario scenario,
            ResponseBodies bodies,
            ObjectMapper json,
            Responder responder,
            Clock clock,
            long seed) {
        this.settings = settings;
        this.files = files;
        this.reader = reader;
        this.scenario = scenario;
        this.bodies = bodies;
        this.json = json;
        this.responder = responder;
        this.clock = clock;
        this.seed = seed;
    }

    /** Creates a batch of the uploaded {@code inputFileId} and schedules its end. */
    SimulatedBatch create(String inputFileId, String window, JsonNode metadata) throws ApiException {
        StoredFiles.StoredFile input = files.get(inputFileId);
        String[] lines = lines(input.content());
        for (String line : lines) {
            String customId = json(line).path("custom_id").asText("");
            submissions.computeIfAbsent(customId, k -> new AtomicInteger()).incrementAndGet();
            if (Boolean.TRUE.equals(live.put(customId, true))) {
                duplicates.incrementAndGet();
            }
        }
        requests.addAndGet(lines.length);
        int number = created.incrementAndGet();
        SimulatedBatch batch = new SimulatedBatch("batch_sim_" + number, number, inputFileId, window, metadata, now());
        batches.add(batch.id(), batch);
        responder.later(settings.processingTime().toMillis(), () -> process(batch, lines));
        return batch;
    }

    /** One page of the batch list: its batches (newest first) and whether older ones follow. */
    record Page(List<SimulatedBatch> batches, boolean hasMore) {}

    /** Up to {@code limit} batches, newest first, created before the batch {@code after} (null: from the newest). */
    Page list(int limit, String after) throws ApiException {
        listRequests.incrementAndGet();
        int before = after == null ? Integer.MAX_VALUE : get(after).number();
        List<SimulatedBatch> older = batches.all().stream()
                .filter(b -> b.number() < before)
                .sorted(Comparator.comparingInt(SimulatedBatch::number).reversed())
                .toList();
        return new Page(older.subList(0, Math.min(limit, older.size())), older.size() > limit);
    }

    /** The batch {@code id}, or a 404 naming it. */
    SimulatedBatch get(String id) throws ApiException {
        return batches.get(id);
    }

    SimulatedBatch cancel(String id) throws ApiException {
        SimulatedBatch batch = get(id);
        if (batch.end(SimulatedBatch.CANCELLED, now(), null, null, 0, 0, 0)) {
            unanswered(lines(files.get(batch.inputFileId()).content()));
        }
        return batch;
    }

    /** The requests of {@code lines} may be submitted again without being duplicates. */
    private void unanswered(String[] lines) {
        for (String line : lines) {
            live.put(json(line).path("custom_id").asText(""), false);
        }
    }

    BatchStats stats() {
        Map<String, Long> byStatus = new TreeMap<>();
        batches.all().forEach(b -> byStatus.merge(b.status(), 1L, Long::sum));
        long resubmitted =
                submissions.values().stream().filter(n -> n.get() > 1).count();
        return new BatchStats(
                files.uploads(),
                created.get(),
                requests.get(),
                submissions.size(),
                resubmitted,
                duplicates.get(),
                listRequests.get(),
                byStatus);
    }

    private void process(SimulatedBatch batch, String[] lines) {
        if (batch.terminal()) {
            return; // cancelled meanwhile
        }
        if (settings.failBatches().contains(batch.number())) {
            batch.fail(now(), "The batch failed (simulated).", lines.length);
            unanswered(lines);
            return;
        }
        boolean expire = settings.expireBatches().contains(batch.number());
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int completed = 0;
        for (int i = 0; i < lines.length; i++) {
            JsonNode line = json(lines[i]);
            String customId = line.path("custom_id").asText("");
            ObjectNode result = json.createObjectNode();
            result.put("id", "batch_req_sim_" + lineIds.incrementAndGet());
            result.put("custom_id", customId);
            if (expire && i >= lines.length / 2) {
                result.putNull("response");
                ObjectNode error = result.putObject("error");
                error.put("code", "batch_expired");
                error.put("message", "This request could not be executed before the completion window expired.");
                write(errors, result);
                live.put(customId, false);
                continue;
            }
            ObjectNode response = answer(line, customId);
            result.set("response", response);
            result.putNull("error");
            boolean ok = response.path("status_code").asInt() == 200;
            write(ok ? output : errors, result);
            live.put(customId, ok);
            completed += ok ? 1 : 0;
        }
        long at = now();
        String outputId = output.size() == 0 ? null : stored(output, batch, "output");
        String errorId = errors.size() == 0 ? null : stored(errors, batch, "error");
        batch.end(
                expire ? SimulatedBatch.EXPIRED : SimulatedBatch.COMPLETED,
                at,
                outputId,
                errorId,
                lines.length,
                completed,
                lines.length - completed);
    }

    /** The {@code response} of one line: {@code status_code}, {@code request_id} and the body. */
    private ObjectNode answer(JsonNode line, String customId) {
        ObjectNode response = json.createObjectNode();
        response.put("request_id", "req-sim-batch-" + lineIds.get());
        ApiError error = null;
        Outcome outcome = null;
        ChatRequest request = null;
        try {
            if (!CHAT_URL.equals(line.path("url").asText())
                    || !"POST".equals(line.path("method").asText())) {
                throw new ApiException(ApiError.badRequest("Only POST " + CHAT_URL + " is supported.", "url"));
            }
            request = reader.read(json.writeValueAsBytes(line.path("body")));
            if (!scenario.knows(request.model())) {
                throw new ApiException(ApiError.modelNotFound(request.model()));
            }
            outcome = scenario.respond(request);
            if (outcome.faulted() || errorDrawn(customId)) {
                error = ApiError.serverError();
            }
        } catch (ApiException e) {
            error = e.error();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (error != null) {
            response.put("status_code", error.status());
            response.set("body", json(new String(bodies.error(error), StandardCharsets.UTF_8)));
            return response;
        }
        String id = "chatcmpl-sim-batch-" + lineIds.get();
        byte[] body = bodies.completion(id, now(), scenario.servedName(request.model()), outcome, false);
        response.put("status_code", 200);
        response.set("body", json(new String(body, StandardCharsets.UTF_8)));
        return response;
    }

    /** Whether this submission of {@code customId} is one of the configured per-request errors. */
    private boolean errorDrawn(String customId) {
        if (settings.requestErrorRate() <= 0) {
            return false;
        }
        int submission = submissions.getOrDefault(customId, new AtomicInteger()).get();
        long mix = seed * 0x9E3779B97F4A7C15L + customId.hashCode() * 31L + submission;
        return new SplittableRandom(mix).nextDouble() < settings.requestErrorRate();
    }

    private String stored(ByteArrayOutputStream content, SimulatedBatch batch, String kind) {
        return files.add("batch_output", batch.id() + "_" + kind + ".jsonl", content.toByteArray(), now(), false)
                .id();
    }

    private void write(ByteArrayOutputStream out, ObjectNode node) {
        try {
            out.write(json.writeValueAsBytes(node));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode json(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    private static String[] lines(byte[] content) {
        return new String(content, StandardCharsets.UTF_8)
                .lines()
                .filter(l -> !l.isBlank())
                .toArray(String[]::new);
    }

    private long now() {
        return clock.millis() / 1000;
    }
}
