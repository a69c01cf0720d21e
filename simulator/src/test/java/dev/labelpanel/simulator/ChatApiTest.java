package dev.labelpanel.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labelpanel.simulator.profile.SimulatorProfile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** The OpenAI-compatible surface over real HTTP: shapes, streaming, validation errors. */
class ChatApiTest extends SimulatorTestBase {
    private static final String PROFILE =
            "models:\n  - name: perfect\n    description: always right\n    accuracy: 1.0\n";

    ChatApiTest() {
        super(PROFILE);
    }

    @Test
    void completionHasOpenAiShape() throws Exception {
        try (Response response =
                client.post(ChatClient.body("perfect", "user", Prompts.utterance("naked and horny")))) {
            assertEquals(200, response.code());
            JsonNode body = ChatClient.JSON.readTree(response.body().string());
            assertTrue(body.get("id").asText().startsWith("chatcmpl-"));
            assertEquals("chat.completion", body.get("object").asText());
            assertEquals("perfect", body.get("model").asText());
            assertEquals("labelpanel-simulator", body.get("system_fingerprint").asText());
            assertEquals("NSFW", body.at("/choices/0/message/content").asText());
            assertEquals("assistant", body.at("/choices/0/message/role").asText());
            assertEquals("stop", body.at("/choices/0/finish_reason").asText());
            assertEquals(1, body.at("/usage/completion_tokens").asInt());
            assertTrue(body.at("/usage/prompt_tokens").asInt() > 20);
        }
    }

    @Test
    void streamSendsChunksEndingWithDone() throws Exception {
        String body = ChatClient.body("perfect", "user", Prompts.utterance("a walk in the park"))
                .replaceFirst("\\{", "{\"stream\":true,\"stream_options\":{\"include_usage\":true},");
        try (Response response = client.post(body)) {
            assertEquals(200, response.code());
            assertTrue(response.header("Content-Type").startsWith("text/event-stream"));
            List<String> events = new ArrayList<>();
            for (String line : response.body().string().split("\n")) {
                if (line.startsWith("data: ")) {
                    events.add(line.substring(6));
                }
            }
            assertEquals("[DONE]", events.get(events.size() - 1));
            StringBuilder content = new StringBuilder();
            String finish = null;
            for (String event : events.subList(0, events.size() - 1)) {
                JsonNode chunk = ChatClient.JSON.readTree(event);
                assertEquals("chat.completion.chunk", chunk.get("object").asText());
                JsonNode choice = chunk.at("/choices/0");
                if (!choice.isMissingNode()) {
                    content.append(choice.at("/delta/content").asText(""));
                    finish = choice.get("finish_reason").isNull()
                            ? finish
                            : choice.get("finish_reason").asText();
                }
            }
            assertEquals("SFW", content.toString());
            assertEquals("stop", finish);
            assertEquals(
                    1,
                    ChatClient.JSON
                            .readTree(events.get(events.size() - 2))
                            .at("/usage/completion_tokens")
                            .asInt());
        }
    }

    @Test
    void maxTokensCutsTheAnswerWithFinishReasonLength() throws Exception {
        String body = ChatClient.body("perfect", "user", Prompts.utterance("a walk"))
                .replaceFirst("\\{", "{\"max_tokens\":1,");
        String critique = ChatClient.body(
                        "perfect", "user", Prompts.utterance("a walk"), "assistant", "SFW", "user", Prompts.critique())
                .replaceFirst("\\{", "{\"max_tokens\":3,");
        try (Response one = client.post(body);
                Response three = client.post(critique)) {
            assertEquals(
                    "stop",
                    ChatClient.JSON
                            .readTree(one.body().string())
                            .at("/choices/0/finish_reason")
                            .asText());
            JsonNode cut = ChatClient.JSON.readTree(three.body().string());
            assertEquals("length", cut.at("/choices/0/finish_reason").asText());
            assertEquals(12, cut.at("/choices/0/message/content").asText().length());
            assertEquals(3, cut.at("/usage/completion_tokens").asInt());
        }
    }

    @Test
    void listsModelsAsSimulated() throws Exception {
        JsonNode models = client.get("/v1/models");
        assertEquals("list", models.get("object").asText());
        assertEquals("perfect", models.at("/data/0/id").asText());
        assertTrue(models.at("/data/0/description").asText().contains("SIMULATED"));
    }

    @Test
    void unknownModelIs404() throws Exception {
        try (Response response = client.post(ChatClient.body("gpt-17", "user", "hi"))) {
            assertEquals(404, response.code());
            assertEquals(
                    "model_not_found",
                    ChatClient.JSON
                            .readTree(response.body().string())
                            .at("/error/code")
                            .asText());
        }
    }

    @Test
    void malformedBodiesAre400() throws Exception {
        for (String body : new String[] {
            "{not json",
            "[]",
            "{\"model\":\"perfect\"}",
            "{\"model\":\"perfect\",\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}"
        }) {
            try (Response response = client.post(body)) {
                assertEquals(400, response.code(), body);
                assertEquals(
                        "invalid_request_error",
                        ChatClient.JSON
                                .readTree(response.body().string())
                                .at("/error/type")
                                .asText());
            }
        }
        assertEquals(4L, sim.stats().rejected().get("400"));
    }

    @Test
    void apiKeyIsRequiredWhenConfigured() throws Exception {
        try (LabelerSimulator keyed = LabelerSimulator.builder(SimulatorProfile.parse(PROFILE, Path.of(".")))
                .latencyScale(0)
                .apiKey("s3cret")
                .start()) {
            ChatClient keyedClient = new ChatClient(keyed);
            String body = ChatClient.body("perfect", "user", "hi");
            try (Response none = keyedClient.post(body)) {
                assertEquals(401, none.code());
            }
            Request wrong = keyedClient
                    .request(body)
                    .newBuilder()
                    .header("Authorization", "Bearer nope")
                    .build();
            try (Response response = keyedClient.http().newCall(wrong).execute()) {
                assertEquals(401, response.code());
            }
            Request right = keyedClient
                    .request(body)
                    .newBuilder()
                    .header("Authorization", "Bearer s3cret")
                    .build();
            try (Response response = keyedClient.http().newCall(right).execute()) {
                assertEquals(200, response.code());
            }
        }
    }

    @Test
    void unrecognizedPromptIsAnsweredAndFlagged() throws Exception {
        try (Response response = client.post(ChatClient.body("perfect", "user", "what is 2+2?"))) {
            assertEquals(200, response.code());
            assertEquals("unrecognized", response.header("x-simulator-prompt"));
        }
        assertEquals(1, sim.stats().model("perfect").unrecognizedPrompts());
    }
}
