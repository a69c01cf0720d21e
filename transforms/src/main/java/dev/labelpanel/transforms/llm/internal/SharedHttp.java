package dev.labelpanel.transforms.llm.internal;

import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * The JVM's one base OkHttpClient. Endpoint clients ({@link HttpLlmClient}) derive from it with {@code newBuilder()}
 * and share its dispatcher's thread pool; each sets its own {@code Dispatcher} limits and its own connection pool,
 * sized to its endpoint, so the base's pool below serves only a client that derives from the base without setting
 * a pool of its own.
 */
public final class SharedHttp {
    private static final OkHttpClient BASE = new OkHttpClient.Builder()
            .connectionPool(new ConnectionPool(256, 5, TimeUnit.MINUTES))
            .retryOnConnectionFailure(false)
            .build();

    private SharedHttp() {}

    public static OkHttpClient base() {
        return BASE;
    }
}
