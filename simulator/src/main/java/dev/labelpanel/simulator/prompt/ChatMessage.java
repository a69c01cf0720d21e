package dev.labelpanel.simulator.prompt;

/** One message of a chat request: its role ({@code system}, {@code user}, {@code assistant}, ...) and text content. */
public record ChatMessage(String role, String content) {}
