package dev.labelpanel.transforms.llm.internal;

import dev.labelpanel.transforms.llm.LlmEndpoint;
import okhttp3.HttpUrl;

/** The endpoint's chat URL fit for messages and logs: no user info, no query string. */
final class SafeUrl {
    private SafeUrl() {}

    static String of(LlmEndpoint endpoint) {
        HttpUrl url = HttpUrl.parse(endpoint.chatCompletionsUrl());
        if (url == null) {
            return "<invalid URL>";
        }
        return url.newBuilder()
                .username("")
                .password("")
                .query(null)
                .fragment(null)
                .build()
                .toString();
    }
}
