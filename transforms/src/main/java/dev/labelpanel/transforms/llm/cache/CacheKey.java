package dev.labelpanel.transforms.llm.cache;

import dev.labelpanel.transforms.extract.ContentHash;
import dev.labelpanel.transforms.llm.ChatMessage;
import java.util.List;

/**
 * The cache key of one request: a hash of what determines the answer — the endpoint's identity (base URL and
 * model), every message, and the generation parameters. Not the API key (answers don't depend on who pays), not
 * the item (the same prompt for two items is one answer, paid once).
 */
public final class CacheKey {
    private CacheKey() {}

    public static String of(
            String baseUrl, String model, List<ChatMessage> messages, double temperature, int maxTokens, Double topP) {
        String url = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        ContentHash hash = ContentHash.create().add("cache/v1").add(url).add(model);
        hash.add(Integer.toString(messages.size()));
        for (ChatMessage message : messages) {
            hash.add(message.role()).add(message.content());
        }
        hash.add(Double.toString(temperature)).add(Integer.toString(maxTokens)).add(String.valueOf(topP));
        return hash.hex128();
    }
}
