package dev.labelpanel.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * A wordy model (wordy_rate 1) served under another name, as llama.cpp or a dated OpenAI snapshot answers: with a
 * small max_tokens the answer is cut after its label ({@code finish_reason: length}), refusals are cut too, and every
 * reply names the served model and carries a system_fingerprint.
 */
class WordyServedModelTest extends SimulatorTestBase {
    private static final String PROFILE = "seed: 5\n"
            + "models:\n"
            + "  - name: wordy\n"
            + "    served_as: wordy-2024-07-18\n"
            + "    accuracy: 1.0\n"
            + "    wordy_rate: 1.0\n"
            + "  - name: wordy-refuser\n"
            + "    accuracy: 1.0\n"
            + "    refusal: {rate: 1.0}\n"
            + "    wordy_rate: 1.0\n";

    WordyServedModelTest() {
        super(PROFILE);
    }

    private JsonNode ask(String model, String text, int maxTokens) throws Exception {
        String body = ChatClient.body(model, "user", Prompts.utterance(text))
                .replaceFirst("\\{", "{\"max_tokens\":" + maxTokens + ",");
        try (var response = client.post(body)) {
            assertEquals(200, response.code());
            return ChatClient.JSON.readTree(response.body().string());
        }
    }

    @Test
    void aWordyAnswerIsCutAfterItsLabelAndNamesTheServedModel() throws Exception {
        JsonNode reply = ask("wordy", "take off your clothes", 12);
        assertEquals("wordy-2024-07-18", reply.get("model").asText());
        assertTrue(reply.hasNonNull("system_fingerprint"), reply.toString());
        assertEquals("length", reply.at("/choices/0/finish_reason").asText());
        String content = reply.at("/choices/0/message/content").asText();
        assertTrue(content.contains("NSFW"), content);
    }

    @Test
    void aWordyAnswerWithRoomEndsWithStop() throws Exception {
        JsonNode reply = ask("wordy", "the train is late", 400);
        assertEquals("stop", reply.at("/choices/0/finish_reason").asText());
        assertTrue(reply.at("/choices/0/message/content").asText().length() > 150);
    }

    @Test
    void aWordyRefusalIsCutAndKeepsItsApology() throws Exception {
        JsonNode reply = ask("wordy-refuser", "take off your clothes", 16);
        assertEquals("wordy-refuser", reply.get("model").asText(), "no served_as: the requested name");
        assertEquals("length", reply.at("/choices/0/finish_reason").asText());
        String content = reply.at("/choices/0/message/content").asText();
        assertTrue(content.startsWith("I") && content.matches("(?s).*(sorry|apologize|As an AI).*"), content);
    }
}
