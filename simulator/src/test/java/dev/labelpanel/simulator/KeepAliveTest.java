package dev.labelpanel.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.simulator.profile.SimulatorProfile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * A client holding more keep-alive connections than the JDK server keeps idle by default (200) reuses every one of
 * them: the simulator never closes a connection it has just answered on. Were it to (the JDK's default), the client
 * would send its next request on a connection already closed and see a dropped connection the simulator never
 * received or counted: client and server counts of requests and drops would disagree.
 */
class KeepAliveTest {
    private static final int CONNECTIONS = 240;
    // No answer comes before (3.5 s, room for a loaded machine) every call has opened its own connection; then the
    // answers spread over a second, and the connections go idle one by one while the others are still busy.
    private static final String PROFILE = "seed: 3\n"
            + "models:\n"
            + "  - name: spread\n"
            + "    accuracy: 1.0\n"
            + "    latency: {median_ms: 4000, p99_ms: 4500, per_output_token_ms: 0}\n";

    @Test
    void aClientsIdleConnectionsBeyondTwoHundredStayUsable() throws Exception {
        try (LabelerSimulator sim = LabelerSimulator.builder(SimulatorProfile.parse(PROFILE, Path.of(".")))
                .latencyScale(1)
                .start()) {
            ChatClient chat = new ChatClient(sim);
            ConnectionPool pool = new ConnectionPool(2 * CONNECTIONS, 5, TimeUnit.MINUTES);
            OkHttpClient http = chat.http().newBuilder().connectionPool(pool).build();
            try {
                assertNoFailures(failures(http, chat, "first"), "first round, one new connection per call");
                int idle = pool.idleConnectionCount();
                assertTrue(idle > 200, "more connections than the JDK keeps idle by default: " + idle);

                assertNoFailures(failures(http, chat, "second"), "second round, on the pooled connections");
                assertEquals(idle, pool.connectionCount(), "none was replaced");
                assertEquals(2 * CONNECTIONS, sim.stats().model("spread").requests());
            } finally {
                pool.evictAll();
            }
        }
    }

    private static void assertNoFailures(List<String> failures, String round) {
        assertTrue(
                failures.isEmpty(), () -> round + ": " + failures.size() + " calls failed, first " + failures.get(0));
    }

    /** Sends {@link #CONNECTIONS} calls at once and returns the failures (an I/O error or a status other than 200). */
    private static List<String> failures(OkHttpClient http, ChatClient chat, String round) throws Exception {
        List<String> failures = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(CONNECTIONS);
        for (int i = 0; i < CONNECTIONS; i++) {
            String body = ChatClient.body("spread", "user", Prompts.utterance(round + " " + i));
            http.newCall(chat.request(body)).enqueue(new Callback() {
                @Override
                public void onFailure(Call call, IOException e) {
                    synchronized (failures) {
                        failures.add(e.toString());
                    }
                    done.countDown();
                }

                @Override
                public void onResponse(Call call, Response response) {
                    try (response) {
                        response.body().string(); // read to the end, so the connection goes back to the pool
                        if (response.code() != 200) {
                            synchronized (failures) {
                                failures.add("HTTP " + response.code());
                            }
                        }
                    } catch (IOException e) {
                        synchronized (failures) {
                            failures.add(e.toString());
                        }
                    }
                    done.countDown();
                }
            });
        }
        if (!done.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("calls did not finish in 30 s");
        }
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }
}
