package dev.labelpanel.transforms.llm;

import dev.labelpanel.transforms.llm.cache.CacheMode;
import dev.labelpanel.transforms.llm.cache.CacheStore;
import dev.labelpanel.transforms.llm.cache.ResponseCache;
import java.util.List;

/**
 * How a worker reaches one labeler: its endpoint, answer lengths, and the response cache to use ({@code
 * cacheStore}, null for none). {@code cacheIdentity} stands for the endpoint in cache keys (its base URL, or a
 * stable name for an endpoint whose URL changes between runs, such as the embedded simulator). {@code constrain}
 * holds answers to {@code labels} (config {@code labelers[].constrain}); {@code logprobs} asks for the answer tokens'
 * log-probabilities (config {@code labelers[].logprobs}). {@code batch}: the labeler's calls go through
 * the Batch API ({@code mode: batch}); null for online calls.
 */
public record EndpointLabelerSpec(
        LlmEndpoint endpoint,
        int labelMaxTokens,
        int critiqueMaxTokens,
        CacheStore cacheStore,
        CacheMode cacheMode,
        String cacheIdentity,
        Constraint constrain,
        boolean logprobs,
        List<String> labels,
        BatchSettings batch)
        implements LabelerSpec {

    public EndpointLabelerSpec {
        constrain = constrain == null ? Constraint.DEFAULT : constrain;
        labels = labels == null ? List.of() : List.copyOf(labels);
        if ((constrain.constrains() || logprobs) && labels.size() < 2) {
            throw new IllegalArgumentException(
                    "constrain and logprobs need the label set (at least 2 labels) but got " + labels);
        }
    }

    /** An online labeler: free-text answers, no log-probabilities. */
    public EndpointLabelerSpec(
            LlmEndpoint endpoint,
            int labelMaxTokens,
            int critiqueMaxTokens,
            CacheStore cacheStore,
            CacheMode cacheMode,
            String cacheIdentity) {
        this(
                endpoint,
                labelMaxTokens,
                critiqueMaxTokens,
                cacheStore,
                cacheMode,
                cacheIdentity,
                Constraint.NONE,
                false,
                List.of(),
                null);
    }

    @Override
    public String name() {
        return endpoint.name();
    }

    /** The format of a label answer ({@code reasoning} false) or a self-criticism answer; null for free text. */
    public AnswerFormat answerFormat(boolean reasoning) {
        return constrain.constrains() ? new AnswerFormat(constrain, labels, reasoning) : null;
    }

    /** {@code top_logprobs} to ask for: every label twice over (case and spacing variants), 5 to 20; 0 without. */
    public int topLogprobs() {
        return logprobs ? Math.max(5, Math.min(ChatRequest.MAX_TOP_LOGPROBS, 2 * labels.size())) : 0;
    }

    @Override
    public Labeler open() {
        ResponseCache cache = cacheStore == null || cacheMode == CacheMode.OFF ? null : cacheStore.open();
        return new EndpointLabeler(
                batch == null ? LlmClients.get(endpoint) : LlmClients.batch(endpoint, batch, cacheIdentity),
                this,
                cache,
                LlmCallListener.NONE);
    }
}
