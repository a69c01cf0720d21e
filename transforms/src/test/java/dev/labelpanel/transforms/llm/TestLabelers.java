package dev.labelpanel.transforms.llm;

import dev.labelpanel.transforms.llm.cache.CacheMode;
import dev.labelpanel.transforms.llm.cache.ResponseCache;
import dev.labelpanel.transforms.llm.internal.ClientEnvironment;
import dev.labelpanel.transforms.llm.internal.HttpLlmClient;
import dev.labelpanel.transforms.llm.internal.SharedHttp;
import dev.labelpanel.transforms.prompt.LabelSet;

/** Labelers for the wire tests: one attempt per call, the default labels, answers of 16 (critiques 256) tokens. */
final class TestLabelers {
    private TestLabelers() {}

    /**
     * A labeler of {@code model} at {@code baseUrl} in {@code constrain} style, reading and writing {@code cache} (none
     * when null) under {@code cacheIdentity}.
     */
    static Labeler of(
            String baseUrl,
            String model,
            String cacheIdentity,
            Constraint constrain,
            boolean logprobs,
            ResponseCache cache) {
        LlmEndpoint endpoint =
                LlmEndpoint.builder(model, baseUrl, model).maxAttempts(1).build();
        EndpointLabelerSpec spec = new EndpointLabelerSpec(
                endpoint,
                16,
                256,
                null,
                cache == null ? CacheMode.OFF : CacheMode.USE,
                cacheIdentity,
                constrain,
                logprobs,
                LabelSet.defaults().names(),
                null);
        HttpLlmClient client = HttpLlmClient.create(endpoint, SharedHttp.base(), ClientEnvironment.system());
        return new EndpointLabeler(client, spec, cache, LlmCallListener.NONE);
    }
}
