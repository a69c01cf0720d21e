package dev.labelpanel.transforms.llm;

import dev.labelpanel.transforms.llm.cache.CacheKey;
import dev.labelpanel.transforms.llm.cache.CacheMode;
import dev.labelpanel.transforms.llm.cache.CachedAnswer;
import dev.labelpanel.transforms.llm.cache.ResponseCache;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A {@link Labeler} backed by an endpoint's shared {@link LlmClient}, answering from the response cache
 * when it can and storing each new answer as it arrives. A call that fails after its retries becomes a failed
 * answer (a no-vote); configuration errors and a dead endpoint propagate and stop the run.
 */
public final class EndpointLabeler implements Labeler {
    private final LlmClient client;
    private final int labelMaxTokens;
    private final int critiqueMaxTokens;
    private final ResponseCache cache;
    private final CacheMode cacheMode;
    private final String cacheIdentity;
    private final LlmCallListener listener;
    private final Constraint constraint;
    private final AnswerFormat labelFormat;
    private final AnswerFormat critiqueFormat;
    private final int topLogprobs;

    /** A labeler as {@code spec} describes it, on {@code client} (the spec's endpoint). */
    public EndpointLabeler(LlmClient client, EndpointLabelerSpec spec, ResponseCache cache, LlmCallListener listener) {
        this.client = client;
        this.labelMaxTokens = spec.labelMaxTokens();
        this.critiqueMaxTokens = spec.critiqueMaxTokens();
        this.cache = cache;
        this.cacheMode = cache == null ? CacheMode.OFF : spec.cacheMode();
        this.cacheIdentity = spec.cacheIdentity();
        this.listener = listener;
        this.constraint = spec.constrain().resolved();
        this.labelFormat = spec.answerFormat(false);
        this.critiqueFormat = spec.answerFormat(true);
        this.topLogprobs = spec.topLogprobs();
    }

    public EndpointLabeler(
            LlmClient client,
            int labelMaxTokens,
            int critiqueMaxTokens,
            ResponseCache cache,
            CacheMode cacheMode,
            String cacheIdentity,
            LlmCallListener listener) {
        this.client = client;
        this.labelMaxTokens = labelMaxTokens;
        this.critiqueMaxTokens = critiqueMaxTokens;
        this.cache = cache;
        this.cacheMode = cache == null ? CacheMode.OFF : cacheMode;
        this.cacheIdentity = cacheIdentity;
        this.listener = listener;
        this.constraint = Constraint.NONE;
        this.labelFormat = null;
        this.critiqueFormat = null;
        this.topLogprobs = 0;
    }

    @Override
    public Constraint constraint() {
        return constraint;
    }

    @Override
    public String name() {
        return client.endpoint().name();
    }

    @Override
    public String model() {
        return client.endpoint().model();
    }

    @Override
    public int labelMaxTokens() {
        return labelMaxTokens;
    }

    @Override
    public int critiqueMaxTokens() {
        return critiqueMaxTokens;
    }

    @Override
    public CompletableFuture<LabelerAnswer> ask(List<ChatMessage> messages, int maxTokens) {
        return ask(messages, maxTokens, labelFormat);
    }

    @Override
    public CompletableFuture<LabelerAnswer> askCritique(List<ChatMessage> messages, int maxTokens) {
        return ask(messages, maxTokens, critiqueFormat);
    }

    private CompletableFuture<LabelerAnswer> ask(List<ChatMessage> messages, int maxTokens, AnswerFormat format) {
        LlmEndpoint e = client.endpoint();
        // A constrained or logprob request is another request: key it apart (free-text keys stay as they were).
        String identity = cacheIdentity
                + (format == null ? "" : "#" + format.describe())
                + (topLogprobs == 0 ? "" : "#logprobs" + topLogprobs);
        String key = CacheKey.of(identity, e.model(), messages, e.temperature(), maxTokens, e.topP());
        if (cacheMode.reads()) {
            Optional<CachedAnswer> hit = cache.get(key);
            if (hit.isPresent()) {
                CachedAnswer a = hit.get();
                return CompletableFuture.completedFuture(new LabelerAnswer(
                        a.content(),
                        a.finishReason(),
                        a.promptTokens(),
                        a.completionTokens(),
                        0L,
                        0,
                        true,
                        null,
                        false,
                        false,
                        false,
                        a.servedModel(),
                        a.systemFingerprint(),
                        a.logprobs()));
            }
        }
        ChatRequest request = new ChatRequest(messages, maxTokens, format, topLogprobs);
        return client.complete(request, listener).handle((result, error) -> {
            if (error != null) {
                Throwable cause =
                        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                if (cause instanceof LlmCallFailedException failed) {
                    return LabelerAnswer.failed(failed.reason().category(), failed.attempts(), failed.deferred());
                }
                throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
            }
            if (cacheMode.writes()) {
                cache.put(
                        key,
                        new CachedAnswer(
                                result.content(),
                                result.finishReason(),
                                (int) result.promptTokens(),
                                (int) result.completionTokens(),
                                result.servedModel(),
                                result.systemFingerprint(),
                                result.logprobs()));
            }
            return LabelerAnswer.of(result);
        });
    }
}
