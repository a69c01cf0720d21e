package dev.labelpanel.transforms.llm.internal;

import dev.labelpanel.transforms.llm.LlmConfigurationException;
import dev.labelpanel.transforms.llm.LlmEndpoint;
import java.io.IOException;
import java.util.function.Function;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Adds {@code Authorization: Bearer KEY}. The key is read once from the environment variable the endpoint names and
 * lives only in this object; {@link #toString()} and every message show the variable's name, never its value.
 */
final class BearerAuthInterceptor implements Interceptor {
    private final String apiKey;
    private final String variable;

    private BearerAuthInterceptor(String apiKey, String variable) {
        this.apiKey = apiKey;
        this.variable = variable;
    }

    /** The interceptor for {@code endpoint}, or null when it sends no key; fails clearly when the variable is unset. */
    static BearerAuthInterceptor forEndpoint(LlmEndpoint endpoint, Function<String, String> envLookup) {
        String variable = endpoint.apiKeyEnv();
        if (variable == null) {
            return null;
        }
        String key = envLookup.apply(variable);
        if (key == null || key.isBlank()) {
            throw new LlmConfigurationException(
                    endpoint.name(),
                    "endpoint " + endpoint.name() + " (" + SafeUrl.of(endpoint)
                            + ") needs an API key from the environment" + " variable " + variable
                            + ", but it is not set: export " + variable + "=<key> on every worker",
                    0,
                    null);
        }
        return new BearerAuthInterceptor(key.strip(), variable);
    }

    /** Replaces the key wherever it appears in {@code text} (e.g. a server's error message that echoes it). */
    String redact(String text) {
        return text == null ? null : text.replace(apiKey, "[redacted " + variable + "]");
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        return chain.proceed(chain.request()
                .newBuilder()
                .header("Authorization", "Bearer " + apiKey)
                .build());
    }

    @Override
    public String toString() {
        return "BearerAuthInterceptor{from " + variable + "}";
    }
}
