package dev.labelpanel.transforms.llm;

import dev.labelpanel.transforms.llm.internal.ClientEnvironment;
import dev.labelpanel.transforms.llm.internal.HttpLlmClient;
import dev.labelpanel.transforms.llm.internal.SharedHttp;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The per-JVM holder of LLM clients: one client, and so one concurrency cap, rate budget, 429 pause and
 * breaker, per distinct {@link LlmEndpoint}, shared by every DoFn instance and thread. Call {@link #get} from
 * {@code @Setup}; never close what it returns.
 */
public final class LlmClients {
    private static final ConcurrentMap<LlmEndpoint, LlmClient> CLIENTS = new ConcurrentHashMap<>();

    private LlmClients() {}

    /**
     * The shared client of {@code endpoint}, created on first use from the shared base OkHttpClient. Throws
     * {@link LlmConfigurationException} if the endpoint's API key variable is not set (nothing is cached then).
     */
    public static LlmClient get(LlmEndpoint endpoint) {
        return CLIENTS.computeIfAbsent(
                endpoint, e -> HttpLlmClient.create(e, SharedHttp.base(), ClientEnvironment.system()));
    }
}
