package dev.labelpanel.transforms.llm;

import java.util.List;
import java.util.Locale;

/**
 * How a labeler's answer is held to the label set (config key {@code labelers[].constrain}): not at all ({@code
 * none}, the free-text parser reads the answer), or by the serving stack's constrained decoding. {@code auto} is
 * {@code json_schema}, the one style OpenAI, vLLM, llama.cpp server and Ollama all accept, and when an endpoint rejects
 * a style's request field (HTTP 400 naming it) the next of {@link #autoStyles()}, down to {@code none}.
 */
public enum Constraint {
    /** No constraint: the prompt asks for the label and the free-text parser reads the answer. */
    NONE("none"),
    /** Whatever this stack accepts best; today {@link #JSON_SCHEMA}. */
    AUTO("auto"),
    /** OpenAI-style {@code response_format: {type: json_schema}}: {@code {"label": <one of the labels>}}. */
    JSON_SCHEMA("json_schema"),
    /** vLLM's {@code guided_choice} (the self-criticism follow-up: {@code guided_json}). */
    GUIDED_CHOICE("guided_choice"),
    /** llama.cpp server's {@code grammar} (GBNF): the answer is one label name. */
    GRAMMAR("grammar");

    /** The default of {@code labelers[].constrain}. */
    public static final Constraint DEFAULT = NONE;

    /** The request field of {@link #JSON_SCHEMA}. */
    public static final String RESPONSE_FORMAT_FIELD = "response_format";
    /** The request field of {@link #GUIDED_CHOICE} for a label. */
    public static final String GUIDED_CHOICE_FIELD = "guided_choice";
    /** The request field of {@link #GUIDED_CHOICE} for a label with reasoning (the self-criticism follow-up). */
    public static final String GUIDED_JSON_FIELD = "guided_json";
    /** The request field of {@link #GRAMMAR}. */
    public static final String GRAMMAR_FIELD = "grammar";

    private final String wireName;

    Constraint(String wireName) {
        this.wireName = wireName;
    }

    /** The value as written in a config. */
    public String wireName() {
        return wireName;
    }

    /** The style requests use: {@link #AUTO} resolved. */
    public Constraint resolved() {
        return this == AUTO ? JSON_SCHEMA : this;
    }

    /** The styles {@link #AUTO} tries, in order: the first an endpoint does not reject is used. */
    public static List<Constraint> autoStyles() {
        return List.of(JSON_SCHEMA, GUIDED_CHOICE, GRAMMAR, NONE);
    }

    /** The request fields this (resolved) style sends; none for {@link #NONE}. */
    public List<String> requestFields() {
        return switch (resolved()) {
            case JSON_SCHEMA -> List.of(RESPONSE_FORMAT_FIELD);
            case GUIDED_CHOICE -> List.of(GUIDED_CHOICE_FIELD, GUIDED_JSON_FIELD);
            case GRAMMAR -> List.of(GRAMMAR_FIELD);
            default -> List.of();
        };
    }

    public boolean constrains() {
        return this != NONE;
    }

    /** The constraint with this config value (case-insensitive). */
    public static Constraint fromWireName(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (Constraint c : values()) {
            if (c.wireName.equals(wanted)) {
                return c;
            }
        }
        throw new IllegalArgumentException(
                "constrain must be one of none, auto, json_schema, guided_choice, grammar but was '" + name + "'");
    }
}
