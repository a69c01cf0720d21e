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
 * answer (a no-vote); configuration errors and a dead endpoint propagate and stop the run, except the HTTP 400 that
 * rejects a {@code constrain: auto} style's request field: auto then asks in its next style ({@link AutoConstraint}).
 * An answer in one of auto's later styles is cached under a key of its own ({@code #auto>STYLE}), which only auto
 * labelers look up, so a rerun finds it without a request and an explicit style never gets it.
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
    private final boolean auto;
    private final List<String> labels;
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
        this.auto = spec.constrain() == Constraint.AUTO;
        this.labels = spec.labels();
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
        this.auto = false;
        this.labels = List.of();
        this.topLogprobs = 0;
    }

    /** The style of this labeler's requests: for {@code constrain: auto}, the one its endpoint has not rejected. */
    @Override
    public Constraint constraint() {
        return auto ? AutoConstraint.current(client.endpoint()) : constraint;
    }

    @Override
    public Constraint configuredConstraint() {
        return auto ? Constraint.AUTO : constraint;
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
        return ask(messages, maxTokens, false);
    }

    @Override
    public CompletableFuture<LabelerAnswer> askCritique(List<ChatMessage> messages, int maxTokens) {
        return ask(messages, maxTokens, true);
    }

    private CompletableFuture<LabelerAnswer> ask(List<ChatMessage> messages, int maxTokens, boolean reasoning) {
        if (!auto) {
            AnswerFormat format = format(constraint, reasoning);
            String key = key(messages, maxTokens, format, false);
            Optional<LabelerAnswer> hit = cached(key);
            return hit.isPresent()
                    ? CompletableFuture.completedFuture(hit.get())
                    : call(messages, maxTokens, format, key);
        }
        LlmEndpoint e = client.endpoint();
        Constraint style = AutoConstraint.current(e);
        for (Constraint later : AutoConstraint.from(style)) {
            Optional<LabelerAnswer> hit = cached(autoKey(messages, maxTokens, later, reasoning));
            if (hit.isPresent()) {
                AutoConstraint.use(e, later);
                AutoConstraint.answeredIn(e, later, true);
                return CompletableFuture.completedFuture(hit.get());
            }
        }
        return call(messages, maxTokens, format(style, reasoning), autoKey(messages, maxTokens, style, reasoning))
                .thenApply(answer -> {
                    AutoConstraint.answeredIn(e, style, false);
                    return answer;
                })
                .exceptionallyCompose(error -> {
                    Throwable cause = unwrap(error);
                    if (cause instanceof LlmConfigurationException rejected
                            && AutoConstraint.rejects(rejected, style)) {
                        AutoConstraint.use(e, AutoConstraint.from(style).get(1));
                        return ask(messages, maxTokens, reasoning);
                    }
                    return CompletableFuture.failedFuture(error);
                });
    }

    /** The key of an auto request in {@code style}: its first style's is the explicit style's key, the others apart. */
    private String autoKey(List<ChatMessage> messages, int maxTokens, Constraint style, boolean reasoning) {
        return key(
                messages,
                maxTokens,
                format(style, reasoning),
                style != Constraint.autoStyles().get(0));
    }

    private AnswerFormat format(Constraint style, boolean reasoning) {
        return style.constrains() ? new AnswerFormat(style, labels, reasoning) : null;
    }

    /**
     * The cache key of a request: a constrained or logprob request is another request, keyed apart (free-text keys
     * stay as they were); an answer in one of auto's later styles ({@code autoFallback}) has its own key.
     */
    private String key(List<ChatMessage> messages, int maxTokens, AnswerFormat format, boolean autoFallback) {
        LlmEndpoint e = client.endpoint();
        String style = format == null ? Constraint.NONE.wireName() : format.describe();
        String identity = cacheIdentity
                + (autoFallback ? "#auto>" + style : format == null ? "" : "#" + style)
                + (topLogprobs == 0 ? "" : "#logprobs" + topLogprobs);
        return CacheKey.of(identity, e.model(), messages, e.temperature(), maxTokens, e.topP());
    }

    private Optional<LabelerAnswer> cached(String key) {
        if (!cacheMode.reads()) {
            return Optional.empty();
        }
        return cache.get(key)
                .map(a -> new LabelerAnswer(
                        a.content(),
                        a.refused(),
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

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private CompletableFuture<LabelerAnswer> call(
            List<ChatMessage> messages, int maxTokens, AnswerFormat format, String key) {
        ChatRequest request = new ChatRequest(messages, maxTokens, format, topLogprobs);
        return client.complete(request, listener).handle((result, error) -> {
            if (error != null) {
                Throwable cause = unwrap(error);
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
                                result.refused(),
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
