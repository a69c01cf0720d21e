package dev.labelpanel.simulator.scenario;

import dev.labelpanel.simulator.answer.Answer;
import dev.labelpanel.simulator.profile.FaultKind;
import dev.labelpanel.simulator.truth.Truth;
import java.util.List;

/**
 * What the server should do with one attempt, like mockwebserver's {@code MockResponse}: the model's answer (after
 * {@code max_tokens} truncation), the fault drawn for this attempt (null for none), and the simulated timing.
 * A 429 fault carries {@code Retry-After: retryAfterSeconds}, as an HTTP date if {@code retryAfterAsDate}.
 * A non-streamed reply is sent after {@code firstTokenMs + perTokenMs * completionTokens}. {@code logprobs}: the
 * answer's tokens with log-probabilities when the request asked for them, else null. {@code refusalField}: the answer
 * is a refusal of a request for OpenAI structured outputs ({@code response_format} {@code json_schema}), which OpenAI
 * sends as {@code message.refusal} (its tokens as {@code logprobs.refusal}) with {@code content: null}.
 */
public record Outcome(
        Answer answer,
        String content,
        String finishReason,
        Usage usage,
        FaultKind fault,
        long firstTokenMs,
        double perTokenMs,
        long retryAfterSeconds,
        boolean retryAfterAsDate,
        Truth truth,
        boolean promptRecognized,
        List<AnswerTokens.Token> logprobs,
        boolean refusalField) {

    public boolean faulted() {
        return fault != null;
    }

    /** Milliseconds until the whole non-streamed body is ready. */
    public long totalMs() {
        return firstTokenMs + Math.round(perTokenMs * usage.completionTokens());
    }
}
