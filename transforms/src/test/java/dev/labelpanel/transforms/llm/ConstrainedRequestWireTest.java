package dev.labelpanel.transforms.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labelpanel.schemas.Vote;
import dev.labelpanel.transforms.llm.cache.ResponseCache;
import dev.labelpanel.transforms.llm.cache.SqliteResponseCache;
import dev.labelpanel.transforms.prompt.LabelSet;
import dev.labelpanel.transforms.vote.LabelParser;
import dev.labelpanel.transforms.vote.Votes;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exact request body of each constraint style (label and self-criticism requests), with and without
 * log-probabilities, and how the constrained answers and their log-probabilities are read, against MockWebServer.
 */
class ConstrainedRequestWireTest extends MockServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<ChatMessage> PROMPT = List.of(ChatMessage.user("Is this NSFW?"));
    private static final LabelSet LABELS = LabelSet.defaults();
    private static final String MESSAGES =
            "\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Is this NSFW?\"}],"
                    + "\"temperature\":0.0,\"max_tokens\":%d,";
    private static final String LABEL_SCHEMA = "{\"type\":\"object\",\"properties\":{\"label\":{\"type\":\"string\","
            + "\"enum\":[\"NSFW\",\"SFW\"]}},\"required\":[\"label\"],\"additionalProperties\":false}";
    private static final String CRITIQUE_SCHEMA = "{\"type\":\"object\",\"properties\":{\"reasoning\":"
            + "{\"type\":\"string\"},\"label\":{\"type\":\"string\",\"enum\":[\"NSFW\",\"SFW\"]}},"
            + "\"required\":[\"reasoning\",\"label\"],\"additionalProperties\":false}";

    private Labeler labeler(Constraint constrain, boolean logprobs) {
        return labeler(constrain, logprobs, null);
    }

    /** A labeler reading and writing {@code cache} (none when null). */
    private Labeler labeler(Constraint constrain, boolean logprobs, ResponseCache cache) {
        return TestLabelers.of(server.url("/v1").toString(), "m", "mock", constrain, logprobs, cache);
    }

    private void answer(String content, String logprobs) {
        String body = "{\"id\":\"c\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":" + content + "},\"logprobs\":" + logprobs
                + ",\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":4}}";
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build());
    }

    private Vote ask(Labeler labeler, boolean critique) throws Exception {
        LabelerAnswer a =
                (critique ? labeler.askCritique(PROMPT, 256) : labeler.ask(PROMPT, 16)).get(20, TimeUnit.SECONDS);
        LabelParser parser = new LabelParser(LABELS);
        return critique ? Votes.critique(labeler, a, parser) : Votes.first(labeler, a, parser);
    }

    private void assertBody(String expected) throws Exception {
        assertEquals(
                JSON.readTree(expected),
                JSON.readTree(server.takeRequest().getBody().utf8()));
    }

    @Test
    void jsonSchemaSendsResponseFormatWithTheLabelEnumAndReadsTheLabelField() throws Exception {
        Labeler labeler = labeler(Constraint.JSON_SCHEMA, false);
        answer("\"{\\\"label\\\":\\\"nsfw\\\"}\"", "null");
        Vote vote = ask(labeler, false);
        assertBody("{" + String.format(MESSAGES, 16)
                + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"label\",\"strict\":true,"
                + "\"schema\":" + LABEL_SCHEMA + "}},\"stream\":false}");
        assertEquals("NSFW", vote.getLabel());
        assertNull(vote.getLabelProbs());

        answer("\"{\\\"reasoning\\\":\\\"It is explicit, not SFW.\\\",\\\"label\\\":\\\"NSFW\\\"}\"", "null");
        assertEquals("NSFW", ask(labeler, true).getLabel());
        assertBody("{" + String.format(MESSAGES, 256)
                + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"label\",\"strict\":true,"
                + "\"schema\":" + CRITIQUE_SCHEMA + "}},\"stream\":false}");
    }

    @Test
    void autoIsJsonSchema() throws Exception {
        answer("\"{\\\"label\\\":\\\"SFW\\\"}\"", "null");
        assertEquals("SFW", ask(labeler(Constraint.AUTO, false), false).getLabel());
        assertBody("{" + String.format(MESSAGES, 16)
                + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"label\",\"strict\":true,"
                + "\"schema\":" + LABEL_SCHEMA + "}},\"stream\":false}");
    }

    @Test
    void guidedChoiceSendsTheLabelsAndTheCritiqueAGuidedJsonSchema() throws Exception {
        Labeler labeler = labeler(Constraint.GUIDED_CHOICE, false);
        answer("\"SFW\"", "null");
        assertEquals("SFW", ask(labeler, false).getLabel());
        assertBody("{" + String.format(MESSAGES, 16) + "\"guided_choice\":[\"NSFW\",\"SFW\"],\"stream\":false}");

        answer("\"{\\\"reasoning\\\":\\\"I was wrong.\\\",\\\"label\\\":\\\"SFW\\\"}\"", "null");
        assertEquals("SFW", ask(labeler, true).getLabel());
        assertBody("{" + String.format(MESSAGES, 256) + "\"guided_json\":" + CRITIQUE_SCHEMA + ",\"stream\":false}");
    }

    @Test
    void grammarSendsGbnfAndTheCritiqueEndsInAFinalLabel() throws Exception {
        Labeler labeler = labeler(Constraint.GRAMMAR, false);
        answer("\"NSFW\"", "null");
        assertEquals("NSFW", ask(labeler, false).getLabel());
        assertBody("{" + String.format(MESSAGES, 16)
                + "\"grammar\":\"root ::= \\\"NSFW\\\" | \\\"SFW\\\"\\n\",\"stream\":false}");

        answer("\"I re-read it: SFW was wrong, it is explicit.\\nFinal label: NSFW\"", "null");
        assertEquals("NSFW", ask(labeler, true).getLabel());
        assertBody("{" + String.format(MESSAGES, 256)
                + "\"grammar\":\"root ::= reasoning \\\"\\\\nFinal label: \\\" label\\nreasoning ::= [^\\\\n]*\\n"
                + "label ::= \\\"NSFW\\\" | \\\"SFW\\\"\\n\",\"stream\":false}");
    }

    /** OpenAI's structured-output refusal: {@code message.refusal} with {@code content: null}. */
    private void refuse(String words) {
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/json")
                .body("{\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                        + "\"content\":null,\"refusal\":\"" + words + "\"},\"finish_reason\":\"stop\"}]}")
                .build());
    }

    @Test
    void aStructuredRefusalIsARefusal() throws Exception {
        refuse("I'm sorry, but I can't help with that.");
        Vote vote = ask(labeler(Constraint.JSON_SCHEMA, false), false);
        assertNull(vote.getLabel());
        assertEquals("refusal", vote.getNoVoteReason());
        assertTrue(vote.getProviderRefusal(), "the vote says the endpoint declared it");

        answer("\"I'm sorry, but I can't help with that.\"", null);
        Vote worded = ask(labeler(Constraint.NONE, false), false);
        assertEquals("refusal", worded.getNoVoteReason(), "a refusal read from its wording");
        assertFalse(worded.getProviderRefusal(), "which the endpoint did not declare");
    }

    @Test
    void aStructuredRefusalIsARefusalWhateverItsWordingAlsoWhenRerunFromTheCache(@TempDir Path tmp) throws Exception {
        // No word of inability, and a label named: read as text, this would be an NSFW vote.
        String words = "NSFW material of this kind is outside the content policy.";
        try (SqliteResponseCache cache = SqliteResponseCache.open(tmp.resolve("cache.db"))) {
            refuse(words);
            Vote first = ask(labeler(Constraint.JSON_SCHEMA, false, cache), false);
            Vote rerun = ask(labeler(Constraint.JSON_SCHEMA, false, cache), false);
            assertEquals(1, server.getRequestCount(), "the rerun is answered from the cache");
            assertTrue(rerun.getCached());
            for (Vote vote : List.of(first, rerun)) {
                assertNull(vote.getLabel());
                assertEquals("refusal", vote.getNoVoteReason());
                assertEquals(words, vote.getRawAnswer(), "the refusal's words stay as provenance");
                assertTrue(vote.getProviderRefusal(), "declared by the endpoint, also from the cache");
            }
        }
        refuse(words);
        Vote critique = ask(labeler(Constraint.NONE, false), true);
        assertEquals("refusal", critique.getNoVoteReason(), "a free-text or self-criticism answer too");
    }

    @Test
    void logprobsOfTheTokensThatSpellEachLabelAreSummedAndRenormalised() throws Exception {
        Labeler labeler = labeler(Constraint.JSON_SCHEMA, true);
        // {"label":"NSFW"} in tokens {" label ":" NS FW "}; at NS: NS 0.6 + NSFW 0.1 for NSFW, SF 0.15 + S 0.05
        // for SFW, and a token that spells no label (0.05) left out.
        answer(
                "\"{\\\"label\\\":\\\"NSFW\\\"}\"",
                "{\"content\":[" + token("{\\\"", 0) + "," + token("label", 0) + "," + token("\\\":\\\"", 0) + ","
                        + "{\"token\":\"NS\",\"logprob\":" + Math.log(0.6) + ",\"top_logprobs\":["
                        + alt("NS", 0.6) + "," + alt("SF", 0.15) + "," + alt("NSFW", 0.1) + "," + alt("S", 0.05) + ","
                        + alt("maybe", 0.05) + "]}," + token("FW", -0.01) + "," + token("\\\"}", 0) + "]}");
        Vote vote = ask(labeler, false);
        assertEquals(
                JSON.readTree("{" + String.format(MESSAGES, 16)
                        + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"label\","
                        + "\"strict\":true,\"schema\":" + LABEL_SCHEMA + "}},\"logprobs\":true,\"top_logprobs\":5,"
                        + "\"stream\":false}"),
                JSON.readTree(server.takeRequest().getBody().utf8()));
        assertEquals("NSFW", vote.getLabel());
        assertEquals(0.7 / 0.9, vote.getLabelProbs().get(0), 1e-9);
        assertEquals(0.2 / 0.9, vote.getLabelProbs().get(1), 1e-9);
    }

    @Test
    void aRerunFromTheCacheGivesTheSameProbabilitiesAndServedModel(@TempDir Path tmp) throws Exception {
        try (SqliteResponseCache cache = SqliteResponseCache.open(tmp.resolve("cache.db"))) {
            answer(
                    "\"SFW\"",
                    "{\"content\":[{\"token\":\"SFW\",\"logprob\":" + Math.log(0.8) + ",\"top_logprobs\":["
                            + alt("SFW", 0.8) + "," + alt("NSFW", 0.2) + "]}]}");
            Vote first = ask(labeler(Constraint.NONE, true, cache), false);
            Vote rerun = ask(labeler(Constraint.NONE, true, cache), false);
            assertEquals(1, server.getRequestCount(), "the rerun is answered from the cache");
            assertFalse(first.getCached());
            assertTrue(rerun.getCached());
            assertEquals(first.getLabel(), rerun.getLabel());
            assertEquals(
                    List.of(0.2, 0.8),
                    first.getLabelProbs().stream()
                            .map(p -> Math.round(p * 1e9) / 1e9)
                            .toList());
            assertEquals(first.getLabelProbs(), rerun.getLabelProbs());
            assertEquals("m", rerun.getServedModel());
        }
    }

    @Test
    void aFreeTextAnswerTakesTheLabelsFirstMention() throws Exception {
        Labeler labeler = labeler(Constraint.NONE, true);
        // "It is SFW, not NSFW." The vote is SFW, first named at " SFW" (after the space the token starts with).
        answer(
                "\"It is SFW, not NSFW.\"",
                "{\"content\":[" + token("It", 0) + "," + token(" is", 0) + ","
                        + "{\"token\":\" SFW\",\"logprob\":" + Math.log(0.7) + ",\"top_logprobs\":["
                        + alt(" SFW", 0.7) + "," + alt(" NSFW", 0.2) + "," + alt(" sfw", 0.05) + "," + alt("SFW", 0.05)
                        + "]}," + token(",", 0) + "," + token(" not", 0) + "," + token(" NSFW", 0) + ","
                        + token(".", 0) + "]}");
        Vote vote = ask(labeler, false);
        assertEquals(
                JSON.readTree("{" + String.format(MESSAGES, 16) + "\"logprobs\":true,\"top_logprobs\":5,"
                        + "\"stream\":false}"),
                JSON.readTree(server.takeRequest().getBody().utf8()));
        assertEquals("SFW", vote.getLabel());
        assertEquals(0.2 / 0.95, vote.getLabelProbs().get(0), 1e-9);
        assertEquals(0.75 / 0.95, vote.getLabelProbs().get(1), 1e-9);
    }

    private static String token(String text, double logprob) {
        return "{\"token\":\"" + text + "\",\"logprob\":" + logprob + ",\"top_logprobs\":[{\"token\":\"" + text
                + "\",\"logprob\":" + logprob + "}]}";
    }

    private static String alt(String text, double p) {
        return "{\"token\":\"" + text + "\",\"logprob\":" + Math.log(p) + "}";
    }
}
