package dev.labelpanel.simulator.scenario;

import java.util.List;

/**
 * What a request's constrained-decoding parameter holds the answer to: a label enum ({@code labels}) and the form of
 * the answer, a JSON object ({@link Form#JSON}: {@code response_format} json_schema, vLLM {@code guided_json}) with a
 * {@code label} field and, if the schema has one, a {@code reasoning} field first; or the bare label ({@link
 * Form#CHOICE}: vLLM {@code guided_choice}, llama.cpp {@code grammar}; a grammar with more than the labels keeps a
 * critique's reasoning and its closing {@code Final label: X}). {@code parameter} names the request field.
 */
public record AnswerConstraint(Form form, List<String> labels, boolean reasoning, String parameter) {
    /** The shape of a constrained answer. */
    public enum Form {
        JSON,
        CHOICE
    }

    public AnswerConstraint {
        labels = List.copyOf(labels);
    }
}
