package dev.labelpanel.transforms.llm.cache;

import java.io.Serializable;

/** A completed answer as the endpoint gave it: all a re-parse needs, nothing about the call's timing. */
public record CachedAnswer(String content, String finishReason, int promptTokens, int completionTokens)
        implements Serializable {}
