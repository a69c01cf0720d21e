package dev.labelpanel.simulator.answer;

/**
 * A simulated model's answer. {@code label} is the label the answer expresses (null for a refusal), {@code finishReason}
 * is {@code stop} or {@code content_filter}; {@code corrected}/{@code flipped} say what a critique did to the previous answer.
 */
public record Answer(
        AnswerKind kind, String label, String content, String finishReason, boolean corrected, boolean flipped) {

    public static Answer of(AnswerKind kind, String label, String content) {
        return new Answer(kind, label, content, "stop", false, false);
    }
}
