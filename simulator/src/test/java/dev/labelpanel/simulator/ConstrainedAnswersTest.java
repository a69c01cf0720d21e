package dev.labelpanel.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * Constrained decoding (response_format json_schema, guided_choice, grammar) and log-probabilities, over real HTTP:
 * the same label as the free-text answer, in the requested form; probabilities that agree with the confusion matrix;
 * and HTTP 400 for a parameter the profile's "provider" does not support.
 */
class ConstrainedAnswersTest extends SimulatorTestBase {
    private static final String PROFILE = "models:\n"
            + "  - {name: wordy, accuracy: 0.8, off_format_rate: 0.5, wordy_rate: 0.3}\n"
            + "  - {name: openai-like, accuracy: 0.9, unsupported_parameters: [guided_choice, grammar]}\n"
            + "  - {name: refuser, accuracy: 0.9, refusal: {rate: 1.0}}\n";
    private static final String RESPONSE_FORMAT =
            "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"schema\":%s}}";
    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"label\":{\"type\":\"string\","
            + "\"enum\":[\"NSFW\",\"SFW\"]}},\"required\":[\"label\"],\"additionalProperties\":false}";

    ConstrainedAnswersTest() {
        super(PROFILE);
    }

    private static String text(int i) {
        return i % 3 == 0 ? "naked and horny " + i : "a walk in the park " + i;
    }

    private static String body(String model, int i, String extra) {
        String body = ChatClient.body(model, "user", Prompts.utterance(text(i)));
        return extra.isEmpty() ? body : "{" + extra + "," + body.substring(1);
    }

    @Test
    void everyStyleGivesTheFreeTextAnswersLabelAlone() throws Exception {
        int offFormat = 0;
        for (int i = 0; i < 60; i++) {
            String free = client.answer(body("wordy", i, ""));
            String json = client.answer(body(
                    "wordy",
                    i,
                    "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"schema\":" + SCHEMA + "}}"));
            String choice = client.answer(body("wordy", i, "\"guided_choice\":[\"NSFW\",\"SFW\"]"));
            String grammar = client.answer(body("wordy", i, "\"grammar\":\"root ::= \\\"NSFW\\\" | \\\"SFW\\\"\""));
            String label = ChatClient.JSON.readTree(json).get("label").asText();
            assertTrue(free.contains(label), "free text '" + free + "' names " + label);
            assertEquals(label, choice);
            assertEquals(label, grammar);
            offFormat += free.equals(label) ? 0 : 1;
        }
        assertTrue(offFormat > 10, "the model is wordy without a constraint: " + offFormat + " of 60");
    }

    @Test
    void aParameterTheProviderDoesNotSupportIsA400NamingIt() throws Exception {
        try (Response response = client.post(body("openai-like", 1, "\"guided_choice\":[\"NSFW\",\"SFW\"]"))) {
            assertEquals(400, response.code());
            JsonNode error = ChatClient.JSON.readTree(response.body().string()).get("error");
            assertEquals("guided_choice", error.get("param").asText());
            assertTrue(error.get("message").asText().contains("guided_choice"), error.toString());
        }
        assertEquals(
                "{\"label\":\"SFW\"}",
                client.answer(body(
                        "openai-like",
                        1,
                        "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"schema\":" + SCHEMA + "}}")));
    }

    private JsonNode message(String body) throws Exception {
        try (Response response = client.post(body)) {
            assertEquals(200, response.code());
            return ChatClient.JSON.readTree(response.body().string()).at("/choices/0/message");
        }
    }

    @Test
    void aRefusalUnderStructuredOutputsIsMessageRefusalWithNullContent() throws Exception {
        String free = client.answer(body("refuser", 1, ""));
        JsonNode structured = message(body("refuser", 1, String.format(RESPONSE_FORMAT, SCHEMA)));
        assertTrue(structured.get("content").isNull(), structured.toString());
        assertEquals(free, structured.get("refusal").asText(), "the same refusal, in message.refusal");
        // Only OpenAI's response_format has the field: a guided_choice refusal stays in content, as vLLM sends it.
        JsonNode choice = message(body("refuser", 1, "\"guided_choice\":[\"NSFW\",\"SFW\"]"));
        assertEquals(free, choice.get("content").asText());
        assertTrue(choice.get("refusal").isNull(), choice.toString());
        // Streamed, the refusal comes as delta.refusal.
        String stream = String.format(RESPONSE_FORMAT, SCHEMA) + ",\"stream\":true";
        try (Response response = client.post(body("refuser", 1, stream))) {
            String events = response.body().string();
            assertTrue(events.contains("\"delta\":{\"refusal\":"), events);
            assertTrue(!events.contains("\"delta\":{\"content\":\"I"), events);
        }
    }

    @Test
    void labelProbabilitiesAreCalibratedAgainstTheConfusionMatrix() throws Exception {
        List<String> bodies = new ArrayList<>();
        int n = 900;
        for (int i = 0; i < n; i++) {
            bodies.add(body("openai-like", i, "\"guided_json\":" + SCHEMA + ",\"logprobs\":true,\"top_logprobs\":4"));
        }
        double statedSum = 0;
        int right = 0;
        double rightStated = 0;
        double wrongStated = 0;
        List<ChatClient.Result> results = client.sendAll(bodies);
        for (int i = 0; i < n; i++) {
            JsonNode choice = ChatClient.JSON.readTree(results.get(i).body()).at("/choices/0");
            String label = ChatClient.JSON
                    .readTree(choice.at("/message/content").asText())
                    .get("label")
                    .asText();
            JsonNode labelToken = null;
            for (JsonNode token : choice.at("/logprobs/content")) {
                labelToken = token.get("token").asText().equals(label) ? token : labelToken;
            }
            double p = 0;
            double total = 0;
            for (JsonNode alternative : labelToken.get("top_logprobs")) {
                double q = Math.exp(alternative.get("logprob").asDouble());
                total += q;
                p += alternative.get("token").asText().equalsIgnoreCase(label) ? q : 0;
            }
            assertEquals(4, labelToken.get("top_logprobs").size());
            assertEquals(1.0, total, 1e-9, "the label alternatives carry all the probability");
            assertTrue(p >= 0.5, "the answered label is the most probable: " + p);
            boolean correct = label.equals(i % 3 == 0 ? "NSFW" : "SFW");
            statedSum += p;
            right += correct ? 1 : 0;
            rightStated += correct ? p : 0;
            wrongStated += correct ? 0 : p;
        }
        // Calibrated: the mean stated probability is the accuracy (0.9), and right answers are stated surer.
        assertEquals((double) right / n, statedSum / n, 0.03);
        assertEquals(0.9, statedSum / n, 0.03);
        assertTrue(rightStated / right > wrongStated / (n - right) + 0.05);
    }
}
