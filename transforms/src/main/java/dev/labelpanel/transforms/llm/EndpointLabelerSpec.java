package dev.labelpanel.transforms.llm;

import dev.labelpanel.transforms.llm.cache.CacheMode;
import dev.labelpanel.transforms.llm.cache.CacheStore;
import dev.labelpanel.transforms.llm.cache.ResponseCache;

/**
 * How a worker reaches one labeler: its endpoint, answer lengths, and the response cache to use ({@code
 * cacheStore}, null for none). {@code cacheIdentity} stands for the endpoint in cache keys (its base URL, or a
 * stable name for an endpoint whose URL changes between runs, such as the embedded simulator). {@code batch}: the
 * labeler's calls go through the Batch API ({@code mode: batch}); null for online calls.
 */
public record EndpointLabelerSpec(
        LlmEndpoint endpoint,
        int labelMaxTokens,
        int critiqueMaxTokens,
        CacheStore cacheStore,
        CacheMode cacheMode,
        String cacheIdentity,
        BatchSettings batch)
        implements LabelerSpec {

    /** An online labeler. */
    public EndpointLabelerSpec(
            LlmEndpoint endpoint,
            int labelMaxTokens,
            int critiqueMaxTokens,
            CacheStore cacheStore,
            CacheMode cacheMode,
            String cacheIdentity) {
        this(endpoint, labelMaxTokens, critiqueMaxTokens, cacheStore, cacheMode, cacheIdentity, null);
    }

    @Override
    public String name() {
        return endpoint.name();
    }

    @Override
    public Labeler open() {
        ResponseCache cache = cacheStore == null || cacheMode == CacheMode.OFF ? null : cacheStore.open();
        return new EndpointLabeler(
                batch == null ? LlmClients.get(endpoint) : LlmClients.batch(endpoint, batch, cacheIdentity),
                labelMaxTokens,
                critiqueMaxTokens,
                cache,
                cacheMode,
                cacheIdentity,
                LlmCallListener.NONE);
    }
}
