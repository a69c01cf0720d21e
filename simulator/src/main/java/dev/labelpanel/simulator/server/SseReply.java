package dev.labelpanel.simulator.server;

import com.sun.net.httpserver.HttpExchange;
import dev.labelpanel.simulator.profile.FaultKind;
import dev.labelpanel.simulator.scenario.Outcome;
import dev.labelpanel.simulator.scenario.Usage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A streamed ({@code stream: true}) reply: after the time to first token, a role chunk, one content chunk per word
 * spaced by the per-token time (a structured-output refusal's as {@code delta.refusal}), a chunk with the finish reason, an optional usage chunk, and {@code data: [DONE]}.
 * The body faults stream too: {@code malformed_body} cuts a chunk short and ends without {@code [DONE]},
 * {@code empty_choices} sends a chunk with {@code "choices": []}.
 */
final class SseReply {
    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

    private final Responder responder;
    private final ResponseBodies bodies;

    SseReply(Responder responder, ResponseBodies bodies) {
        this.responder = responder;
        this.bodies = bodies;
    }

    private record Step(long delayMs, byte[] data) {}

    /** Streams the reply; {@code done} runs once when the exchange is over, however it ends. */
    void send(
            HttpExchange exchange,
            Map<String, String> headers,
            Outcome outcome,
            String id,
            long created,
            String model,
            boolean includeUsage,
            Runnable done) {
        List<Step> steps = steps(outcome, id, created, model, includeUsage);
        responder.later(outcome.firstTokenMs(), () -> {
            if (responder.startStream(exchange, headers)) {
                run(exchange, steps, 0, done);
            } else {
                done.run();
            }
        });
    }

    private List<Step> steps(Outcome outcome, String id, long created, String model, boolean includeUsage) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(0, bodies.chunk(id, created, model, "assistant", "", null)));
        if (outcome.fault() == FaultKind.EMPTY_CHOICES) {
            steps.add(new Step(0, bodies.usageChunk(id, created, model, outcome.usage(), true)));
            steps.add(new Step(0, DONE));
            return steps;
        }
        String field = outcome.refusalField() ? "refusal" : "content";
        for (String piece : outcome.content().split("(?<=\\s)")) {
            long delay = Math.round(outcome.perTokenMs() * Usage.estimate(piece));
            steps.add(new Step(delay, bodies.chunk(id, created, model, null, field, piece, null)));
        }
        if (outcome.fault() == FaultKind.MALFORMED_BODY) {
            byte[] last = bodies.chunk(id, created, model, null, null, outcome.finishReason());
            byte[] cut = new byte[last.length / 2];
            System.arraycopy(last, 0, cut, 0, cut.length);
            steps.add(new Step(0, cut));
            return steps;
        }
        steps.add(new Step(0, bodies.chunk(id, created, model, null, null, outcome.finishReason())));
        if (includeUsage) {
            steps.add(new Step(0, bodies.usageChunk(id, created, model, outcome.usage(), false)));
        }
        steps.add(new Step(0, DONE));
        return steps;
    }

    private void run(HttpExchange exchange, List<Step> steps, int index, Runnable done) {
        Step step = steps.get(index);
        boolean last = index == steps.size() - 1;
        responder.later(step.delayMs(), () -> {
            if (last) {
                done.run();
                if (responder.event(exchange, step.data())) {
                    responder.endStream(exchange);
                }
            } else if (responder.event(exchange, step.data())) {
                run(exchange, steps, index + 1, done);
            } else {
                done.run();
            }
        });
    }
}
