package dev.labelpanel.simulator.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labelpanel.simulator.answer.Answer;
import dev.labelpanel.simulator.answer.AnswerKind;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * An answer as constrained decoding would have shaped it: the label the model meant, in the requested form. A wordy
 * or off-format answer becomes its label alone ({@code {"label": "X"}} or {@code X}), so nothing is cut off and
 * nothing is off-format; a critique keeps its reasoning ({@code {"reasoning": "...", "label": "X"}}, or the grammar's
 * {@code ... Final label: X}). A refusal stays a refusal (the provider's decision, outside decoding); under OpenAI's
 * structured outputs it is sent apart from the content (see {@link #isStructuredOutput}). When the label is not in the
 * request's enum, the answer stays as it was.
 */
final class ConstrainedContent {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FINAL_LABEL = "\nFinal label: ";
    private static final String RESPONSE_FORMAT = "response_format";

    private ConstrainedContent() {}

    static String shape(Answer answer, AnswerConstraint constraint) {
        if (constraint == null || answer.label() == null || answer.kind() == AnswerKind.REFUSAL) {
            return answer.content();
        }
        String label = inEnum(answer.label(), constraint);
        if (label == null) {
            return answer.content();
        }
        boolean critique = answer.kind() == AnswerKind.CRITIQUE;
        if (constraint.form() == AnswerConstraint.Form.CHOICE) {
            return critique && constraint.reasoning() ? answer.content() : label;
        }
        ObjectNode object = JSON.createObjectNode();
        if (constraint.reasoning()) {
            String content = answer.content();
            int end = content.lastIndexOf(FINAL_LABEL);
            object.put("reasoning", critique && end >= 0 ? content.substring(0, end) : "The text fits " + label + ".");
        }
        object.put("label", label);
        try {
            return JSON.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether {@code constraint} asks for OpenAI's structured outputs ({@code response_format} {@code json_schema}),
     * whose refusals come as {@code message.refusal} with {@code content: null}.
     */
    static boolean isStructuredOutput(AnswerConstraint constraint) {
        return constraint != null && RESPONSE_FORMAT.equals(constraint.parameter());
    }

    /** The enum's spelling of {@code label} (ignoring case), or null. */
    private static String inEnum(String label, AnswerConstraint constraint) {
        for (String allowed : constraint.labels()) {
            if (allowed.toLowerCase(Locale.ROOT).equals(label.toLowerCase(Locale.ROOT))) {
                return allowed;
            }
        }
        return null;
    }
}
