package dev.labelpanel.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** A small OkHttp client for the simulator's API, for tests. */
public final class ChatClient {
    public static final MediaType JSON_TYPE = MediaType.get("application/json");
    public static final ObjectMapper JSON = new ObjectMapper();

    private final LabelerSimulator sim;
    private final OkHttpClient http;

    public ChatClient(LabelerSimulator sim) {
        this(sim, Duration.ofSeconds(10));
    }

    public ChatClient(LabelerSimulator sim, Duration timeout) {
        this.sim = sim;
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(256);
        dispatcher.setMaxRequestsPerHost(256);
        this.http = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .retryOnConnectionFailure(false)
                .callTimeout(timeout)
                .readTimeout(timeout)
                .build();
    }

    public OkHttpClient http() {
        return http;
    }

    /** A chat request body: the model and alternating messages given as role, content, role, content, ... */
    public static String body(String model, String... rolesAndContents) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model);
        ArrayNode messages = root.putArray("messages");
        for (int i = 0; i < rolesAndContents.length; i += 2) {
            messages.addObject().put("role", rolesAndContents[i]).put("content", rolesAndContents[i + 1]);
        }
        return root.toString();
    }

    public Request request(String json) {
        return new Request.Builder()
                .url(sim.baseUrl() + "/chat/completions")
                .post(RequestBody.create(json, JSON_TYPE))
                .build();
    }

    public Response post(String json) throws IOException {
        return http.newCall(request(json)).execute();
    }

    /** The completion's {@code choices[0].message.content}; fails unless the call returns 200. */
    public String answer(String json) {
        try (Response response = post(json)) {
            String body = response.body().string();
            if (response.code() != 200) {
                throw new AssertionError("HTTP " + response.code() + ": " + body);
            }
            return JSON.readTree(body).at("/choices/0/message/content").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The result of one call: a status, headers and body, or the I/O failure. */
    public record Result(int code, okhttp3.Headers headers, String body, IOException failure) {
        public boolean failed() {
            return failure != null;
        }
    }

    /** Sends all bodies concurrently (up to 256 at once) and returns the results in order. */
    public List<Result> sendAll(List<String> bodies) throws InterruptedException {
        Result[] results = new Result[bodies.size()];
        CountDownLatch done = new CountDownLatch(bodies.size());
        for (int i = 0; i < bodies.size(); i++) {
            int index = i;
            http.newCall(request(bodies.get(i))).enqueue(new Callback() {
                @Override
                public void onFailure(Call call, IOException e) {
                    results[index] = new Result(0, null, null, e);
                    done.countDown();
                }

                @Override
                public void onResponse(Call call, Response response) {
                    try (response) {
                        results[index] = new Result(
                                response.code(),
                                response.headers(),
                                response.body().string(),
                                null);
                    } catch (IOException e) {
                        results[index] = new Result(0, null, null, e);
                    }
                    done.countDown();
                }
            });
        }
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new AssertionError("Calls did not finish within 60 s");
        }
        return Arrays.asList(results);
    }

    public JsonNode get(String path) throws IOException {
        try (Response response = http.newCall(
                        new Request.Builder().url(sim.rootUrl() + path).build())
                .execute()) {
            return JSON.readTree(response.body().string());
        }
    }
}
