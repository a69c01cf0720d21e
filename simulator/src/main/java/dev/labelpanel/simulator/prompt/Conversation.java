package dev.labelpanel.simulator.prompt;

/**
 * What a chat request asks of the simulated model, recognised from its messages by the configured templates.
 * {@code context} is null for a lone utterance.
 */
public sealed interface Conversation {

    /** A first request: label {@code text} (judged after {@code context}, if any). */
    record LabelItem(String text, String context) implements Conversation {}

    /** A self-criticism follow-up: re-check {@code previousAnswer}, the model's own answer about the item. */
    record Critique(String text, String context, String previousAnswer) implements Conversation {}

    /** A request whose prompt matches none of the templates; {@code lastUserMessage} is judged as the text. */
    record Unrecognized(String lastUserMessage) implements Conversation {}
}
