package dev.labelpanel.transforms.llm.internal;

import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * The JVM's one base OkHttpClient. Endpoint clients derive from it with {@code newBuilder()}, so they share its
 * connection pool and threads (OkHttp's advice). The pool keeps enough idle connections for several endpoints' worth
 * of concurrent HTTP/1.1 requests, instead of OkHttp's default 5.
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
