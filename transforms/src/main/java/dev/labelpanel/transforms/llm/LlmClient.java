package dev.labelpanel.transforms.llm;

import java.util.concurrent.CompletableFuture;

/**
 * An asynchronous, thread-safe client of one {@link LlmEndpoint}. Get the shared one for this JVM from
 * {@link LlmClients#get}. {@code complete} never blocks: it queues the call and returns at once. The future completes
 * with a {@link ChatResult}, or exceptionally with an {@link LlmCallException}: {@link LlmCallFailedException} after
 * transient failures exhausted the retries and then the deferred attempts (record a no-vote), {@link LlmConfigurationException} for a request the
 * endpoint refuses outright (fail the bundle), {@link EndpointDownException} when the endpoint's breaker is open.
 */
public interface LlmClient {
    LlmEndpoint endpoint();

    default CompletableFuture<ChatResult> complete(ChatRequest request) {
        return complete(request, LlmCallListener.NONE);
    }

    /** As {@link #complete(ChatRequest)}, reporting this call's events to {@code listener} (on OkHttp threads). */
    CompletableFuture<ChatResult> complete(ChatRequest request, LlmCallListener listener);
}
