package dev.labelpanel.transforms.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labelpanel.transforms.llm.ChatMessage;
import dev.labelpanel.transforms.llm.EndpointLabeler;
import dev.labelpanel.transforms.llm.LlmCallListener;
import dev.labelpanel.transforms.llm.LlmClients;
import dev.labelpanel.transforms.llm.LlmEndpoint;
import dev.labelpanel.transforms.llm.cache.CacheMode;
import dev.labelpanel.transforms.prompt.LabelSet;
import dev.labelpanel.transforms.prompt.Prompts;
import dev.labelpanel.transforms.vote.LabelParser;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The exact self-criticism conversation on the wire, and the label source each outcome gives. */
class CalibratorWireTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LabelSet LABELS = LabelSet.defaults();
    private static final Prompts PROMPTS = Prompts.defaults();

    private MockWebServer server;
    private Calibrator calibration;
    private List<ChatMessage> prompt;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        LlmEndpoint endpoint = LlmEndpoint.builder("judge", server.url("/v1").toString(), "judge-model")
                .maxAttempts(1)
                .build();
        EndpointLabeler judge = new EndpointLabeler(
                LlmClients.get(endpoint), 64, 512, null, CacheMode.OFF, "judge", LlmCallListener.NONE);
        LabelParser parser = new LabelParser(LABELS);
        calibration = new Calibrator(judge, parser, new SelfCriticism(judge, PROMPTS, LABELS, parser));
        prompt = PROMPTS.itemPrompt("utterance", "Let's take this to the bedroom.", null, LABELS);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void answer(String content) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("id", "x").put("model", "judge-model");
        ObjectNode choice = body.putArray("choices").addObject();
        choice.putObject("message").put("role", "assistant").put("content", content);
        choice.put("finish_reason", "stop");
        body.putObject("usage").put("prompt_tokens", 50).put("completion_tokens", 5);
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/json")
                .body(body.toString())
                .build());
    }

    private Calibrator.Outcome calibrate(String current) throws Exception {
        return calibration.calibrate(prompt, current, "majority").get(20, TimeUnit.SECONDS);
    }

    private JsonNode messages(RecordedRequest request) throws Exception {
        return JSON.readTree(request.getBody().utf8()).get("messages");
    }

    @Test
    void agreeingWithTheCurrentLabelAsksOnce() throws Exception {
        answer("NSFW");
        Calibrator.Outcome outcome = calibrate("NSFW");
        assertEquals("calibrated-agree", outcome.source());
        assertEquals("NSFW", outcome.label());
        assertNull(outcome.critique());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void theCritiqueContinuesTheSameConversation() throws Exception {
        answer("NSFW");
        answer("Re-reading it, the text is a sexual proposition, so my answer stands.\nFinal label: NSFW");
        Calibrator.Outcome outcome = calibrate("SFW");

        JsonNode first = messages(server.takeRequest());
        JsonNode critique = messages(server.takeRequest());
        assertEquals(1, first.size());
        assertEquals(3, critique.size());
        assertEquals(first.get(0), critique.get(0), "the original prompt, unchanged");
        assertEquals("assistant", critique.get(1).get("role").asText());
        assertEquals("NSFW", critique.get(1).get("content").asText(), "the calibrator's own answer goes back");
        assertEquals("user", critique.get(2).get("role").asText());
        assertTrue(critique.get(2).get("content").asText().contains("Final label: <label>"));

        assertEquals("calibrated-kept", outcome.source());
        assertEquals("NSFW", outcome.label());
        assertTrue(outcome.changed());
    }

    /** The first answer disagrees; the critique comes back to the earlier label, or gives none and leaves it. */
    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "I was wrong: it is only a suggestion without explicit content.\\nFinal label: SFW|calibrated-revised|",
                "I'm sorry, but I can't help with that.|majority|refusal"
            })
    void aCritiqueThatDoesNotKeepTheNewLabelLeavesTheEarlierOne(String critique, String source, String noVoteReason)
            throws Exception {
        answer("NSFW");
        answer(critique.replace("\\n", "\n"));
        Calibrator.Outcome outcome = calibrate("SFW");
        assertEquals(source, outcome.source());
        assertEquals("SFW", outcome.label());
        assertFalse(outcome.changed());
        assertEquals(noVoteReason, outcome.critique().getNoVoteReason());
    }

    @Test
    void aFirstAnswerWithoutALabelLeavesTheLabelAndAsksNoCritique() throws Exception {
        answer("It could be SFW or NSFW depending on the context.");
        Calibrator.Outcome outcome = calibrate("SFW");
        assertEquals("majority", outcome.source());
        assertEquals("both-labels", outcome.first().getNoVoteReason());
        assertEquals(1, server.getRequestCount());
    }
}
