package dev.labelpanel.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** {@code GET /stats} and {@code POST /stats/reset} over HTTP, and the typed snapshot agree. */
class StatsTest extends SimulatorTestBase {
    private static final String PROFILE = "models: [{name: a, accuracy: 1}, {name: b, accuracy: 1}]";

    StatsTest() {
        super(PROFILE);
    }

    @Test
    void countsPerModelAndResets() throws Exception {
        client.answer(ChatClient.body("a", "user", Prompts.utterance("porn video")));
        client.answer(ChatClient.body("a", "user", Prompts.utterance("train timetable")));
        client.answer(ChatClient.body("b", "user", Prompts.utterance("train timetable")));

        JsonNode stats = client.get("/stats");
        assertEquals(2, stats.at("/models/a/requests").asInt());
        assertEquals(1, stats.at("/models/a/answers_by_label/NSFW").asInt());
        assertEquals(1, stats.at("/models/a/answers_by_label/SFW").asInt());
        assertEquals(1, stats.at("/models/b/requests").asInt());
        assertEquals(0, stats.at("/in_flight").asInt());
        assertEquals(1, stats.at("/in_flight_max").asInt());
        assertEquals(1, stats.at("/models/a/in_flight_max").asInt(), "per model too");
        assertEquals(1, sim.stats().model("b").inFlightMax());
        assertEquals(
                sim.stats().model("a").promptTokens(),
                stats.at("/models/a/prompt_tokens").asLong());
        assertEquals(3, sim.stats().totalRequests());

        Request reset = new Request.Builder()
                .url(sim.rootUrl() + "/stats/reset")
                .post(RequestBody.create(new byte[0], null))
                .build();
        try (Response response = client.http().newCall(reset).execute()) {
            assertEquals(200, response.code());
        }
        assertEquals(0, sim.stats().totalRequests());
    }
}
