package dev.labelpanel.transforms.vote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.labelpanel.transforms.prompt.LabelSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LabelParserTest {
    private static final String NSFW = "NSFW";
    private static final String SFW = "SFW";
    private static final String REFUSAL = "refusal";
    private static final String BOTH = "both-labels";
    private static final String EMPTY = "empty";
    private static final String CUT_OFF = "cut-off";
    private static final String UNPARSEABLE = "unparseable";

    private final LabelParser parser = new LabelParser(LabelSet.defaults());

    /** A first answer, its finish_reason, and the expected label or no-vote wire name. */
    static Stream<Arguments> firstAnswers() {
        return Stream.of(
                // the label alone, with noise
                Arguments.of("NSFW", "stop", NSFW),
                Arguments.of("SFW", "stop", SFW),
                Arguments.of("SFW\n", "stop", SFW),
                Arguments.of("  nsfw.", "stop", NSFW),
                Arguments.of("\"SFW\"", "stop", SFW),
                Arguments.of("**NSFW**", "stop", NSFW),
                Arguments.of("`SFW`", null, SFW),
                Arguments.of("Sfw!", "stop", SFW),
                Arguments.of("### NSFW", "stop", NSFW),
                // key lines and JSON
                Arguments.of("Label: NSFW", "stop", NSFW),
                Arguments.of("Answer: sfw", "stop", SFW),
                Arguments.of("Classification - NSFW", "stop", NSFW),
                Arguments.of("Classification – SFW (no explicit content)", "stop", SFW),
                Arguments.of("**Label:** SFW\n\nThe text is a greeting and is not NSFW.", "stop", SFW),
                Arguments.of("{\"label\": \"NSFW\"}", "stop", NSFW),
                Arguments.of(
                        "```json\n{\n  \"label\": \"SFW\",\n  \"reason\": \"not NSFW, just flirting\"\n}\n```",
                        "stop",
                        SFW),
                Arguments.of("{\"label\": \"SFW\", \"confidence\": 0.93}", "stop", SFW),
                Arguments.of(
                        "Label: NSFW, because the text describes a sexual act. It is clearly not SFW.", "stop", NSFW),
                Arguments.of("Answer: SFW. Someone might think it is NSFW, but it is only romantic.", "stop", SFW),
                Arguments.of("Label: NSFW/SFW", "stop", BOTH),
                // wordy answers naming one label
                Arguments.of("This text is NSFW because it describes a sexual act in explicit detail.", "stop", NSFW),
                Arguments.of("The message is SFW: it's a recipe for pancakes.", "stop", SFW),
                Arguments.of("I would classify this as nsfw.", "stop", NSFW),
                Arguments.of("The reply is a sexual proposition, so it is NSFW-level content.", "stop", NSFW),
                Arguments.of("<think>The user asks for a poem. Could it be NSFW? No.</think>\nSFW", "stop", SFW),
                // negation
                Arguments.of("Not NSFW.", "stop", UNPARSEABLE),
                Arguments.of("This isn't NSFW.", "stop", UNPARSEABLE),
                Arguments.of("I don't think this would be considered NSFW.", "stop", UNPARSEABLE),
                Arguments.of("There is nothing NSFW here.", "stop", UNPARSEABLE),
                Arguments.of("This is SFW, not NSFW.", "stop", SFW),
                Arguments.of("It is not NSFW; it is SFW.", "stop", SFW),
                Arguments.of("NSFW rather than SFW: the bot describes sex explicitly.", "stop", NSFW),
                Arguments.of("A non-NSFW, SFW conversation about cooking.", "stop", SFW),
                Arguments.of("No doubt this is NSFW.", "stop", NSFW),
                // both labels
                Arguments.of("NSFW or SFW", "stop", BOTH),
                Arguments.of("It contains both NSFW and SFW elements.", "stop", BOTH),
                Arguments.of("It could be SFW or NSFW depending on the context.", "stop", BOTH),
                Arguments.of("Parts are SFW, but the ending is NSFW.", "stop", BOTH),
                Arguments.of("It could be read as SFW, but on balance I would say NSFW.", "stop", NSFW),
                Arguments.of("Some would call it NSFW. Overall, SFW.", "stop", SFW),
                Arguments.of("Between SFW and NSFW, the answer is NSFW.", "stop", NSFW),
                // refusals
                Arguments.of("I can't help with that.", "stop", REFUSAL),
                Arguments.of("I'm sorry, but I cannot assist with this request.", "stop", REFUSAL),
                Arguments.of("I’m sorry, but I can’t classify sexual content.", "stop", REFUSAL),
                Arguments.of(
                        "As an AI developed to be helpful and harmless, I won't engage with this.", "stop", REFUSAL),
                Arguments.of("I won't.", "stop", REFUSAL),
                Arguments.of("I must decline to label explicit NSFW material.", "stop", REFUSAL),
                Arguments.of("Sorry, this request goes against my guidelines.", "stop", REFUSAL),
                Arguments.of("", "content_filter", REFUSAL),
                Arguments.of("NSFW", "content_filter", REFUSAL),
                // empty, cut off, unparseable
                Arguments.of("", "stop", EMPTY),
                Arguments.of("   \n\t ", "stop", EMPTY),
                Arguments.of(null, null, EMPTY),
                Arguments.of("<think>Hmm, let me think about this carefully.</think>", "stop", EMPTY),
                Arguments.of("The text describes a sexual encounter between two adults, which", "length", CUT_OFF),
                Arguments.of("NSFW", "length", NSFW),
                // cut at max_tokens: read like any answer; cut-off only when the words left it open
                Arguments.of("Answer: NSFW\n\nThe conversation describes an explicit sexual", "length", NSFW),
                Arguments.of("It is SFW, not NSFW. The speakers are discussing a recipe and", "length", SFW),
                Arguments.of(
                        "I'm sorry, but I can't help with classifying this kind of conversation because it",
                        "length",
                        REFUSAL),
                Arguments.of(
                        "Let me weigh this. It could be NSFW, or it could be SFW, depending on whether the",
                        "length",
                        CUT_OFF),
                Arguments.of("", "length", CUT_OFF),
                Arguments.of("Unsafe", "stop", UNPARSEABLE),
                Arguments.of("The text is a friendly greeting.", "stop", UNPARSEABLE),
                Arguments.of("Label: <label>", "stop", UNPARSEABLE),
                Arguments.of("NSFWSFW", "stop", UNPARSEABLE),
                Arguments.of("I'm sorry, but this is NSFW.", "stop", NSFW));
    }

    /** Every answer wording the simulator's AnswerTexts produces, with the label it means. */
    static Stream<Arguments> simulatorAnswers() {
        return Stream.of(
                Arguments.of("NSFW", "stop", NSFW),
                Arguments.of("SFW", "stop", SFW),
                Arguments.of(
                        "Label: NSFW, because the text fits \"pornographic or sexually explicit content\".",
                        "stop",
                        NSFW),
                Arguments.of("Label: SFW, because the text fits \"everything else\".", "stop", SFW),
                Arguments.of(
                        "SFW. The text fits \"everything else\", so that is the label I would choose.", "stop", SFW),
                Arguments.of(
                        "NSFW. The text fits \"pornographic or sexually explicit content\", so that is the label I would choose.",
                        "stop",
                        NSFW),
                Arguments.of(
                        "This one is borderline: it could be read as SFW, but on balance I would say NSFW.",
                        "stop",
                        NSFW),
                Arguments.of(
                        "This one is borderline: it could be read as NSFW, but on balance I would say SFW.",
                        "stop",
                        SFW),
                Arguments.of(
                        "The answer is **NSFW** — the text fits \"pornographic or sexually explicit content\".",
                        "stop",
                        NSFW),
                Arguments.of("The answer is **SFW** — the text fits \"everything else\".", "stop", SFW),
                Arguments.of("The answer is **SFW** — the text fits the label SFW.", "stop", SFW),
                Arguments.of("I'm sorry, but I can't help with classifying this content.", "stop", REFUSAL),
                Arguments.of("I apologize, but I am not able to assist with this request.", "stop", REFUSAL),
                Arguments.of("As an AI language model, I cannot engage with content of this nature.", "stop", REFUSAL),
                Arguments.of(
                        "As an AI language model, I cannot engage with content of this nature.",
                        "content_filter",
                        REFUSAL));
    }

    /** Self-criticism answers (parseFinal), including the simulator's three critique wordings. */
    static Stream<Arguments> finalAnswers() {
        return Stream.of(
                Arguments.of(
                        "I re-read the text. My answer was right: the text fits \"pornographic or sexually explicit content\".\n"
                                + "Final label: NSFW",
                        "stop",
                        NSFW),
                Arguments.of(
                        "I re-read the text. My answer NSFW was wrong: the text fits \"everything else\".\nFinal label: SFW",
                        "stop",
                        SFW),
                Arguments.of(
                        "My previous answer did not give a clear label. Judging the text again, it fits \"everything else\".\n"
                                + "Final label: SFW",
                        "stop",
                        SFW),
                Arguments.of("Yes, SFW was wrong.\n**Final label:** NSFW", "stop", NSFW),
                Arguments.of(
                        "I re-read the text. My answer was right.\nFinal label: NSFW\n\nThe reason is that",
                        "length",
                        NSFW),
                Arguments.of("I re-read the text. It might be SFW, but the second message", "length", CUT_OFF),
                Arguments.of("Final label: SFW\nOn reflection, no.\nFinal label: NSFW.", "stop", NSFW),
                Arguments.of("final label - sfw", "stop", SFW),
                Arguments.of("I said NSFW earlier, but the text is only affectionate, so SFW is right.", "stop", SFW),
                Arguments.of("I said NSFW. Re-reading it, I stand by my answer: it is NSFW, not SFW.", "stop", NSFW),
                Arguments.of("My answer was wrong. The correct label is SFW.", "stop", SFW),
                Arguments.of("I changed my mind from SFW to NSFW.", "stop", NSFW),
                Arguments.of("NSFW", "stop", NSFW),
                Arguments.of("My answer was correct.", "stop", UNPARSEABLE),
                Arguments.of("I considered NSFW and SFW. Thanks for asking!", "stop", UNPARSEABLE),
                Arguments.of("Final label: NSFW or SFW", "stop", BOTH),
                Arguments.of("I'm sorry, but I can't continue with this.", "stop", REFUSAL),
                Arguments.of("Final label: NSFW", "content_filter", REFUSAL),
                Arguments.of("The text is explicit, so my answer stands. Final", "length", CUT_OFF),
                Arguments.of(" ", "stop", EMPTY));
    }

    @ParameterizedTest(name = "[{index}] {0} ({1}) -> {2}")
    @MethodSource({"firstAnswers", "simulatorAnswers"})
    void readsFirstAnswers(String answer, String finishReason, String expected) {
        assertEquals(expected, describe(parser.parse(answer, finishReason)));
    }

    @ParameterizedTest(name = "[{index}] {0} ({1}) -> {2}")
    @MethodSource("finalAnswers")
    void readsSelfCriticismAnswers(String answer, String finishReason, String expected) {
        assertEquals(expected, describe(parser.parseFinal(answer, finishReason)));
    }

    @Test
    void matchesLabelsOfAnyLabelSetAsWholeWords() {
        LabelParser parser = new LabelParser(LabelSet.of(
                new LabelSet.Label("safe", ""),
                new LabelSet.Label("unsafe", ""),
                new LabelSet.Label("very unsafe", "")));
        assertEquals("unsafe", describe(parser.parse("I'd rate it unsafe.", "stop")));
        assertEquals("very unsafe", describe(parser.parse("Label: Very Unsafe", "stop")));
        assertEquals("safe", describe(parser.parse("This one is safe.", "stop")));
        assertEquals(BOTH, describe(parser.parse("It is unsafe, maybe very unsafe.", "stop")));
    }

    private static String describe(ParsedLabel parsed) {
        return parsed.isVote() ? parsed.label() : parsed.reason().wireName();
    }
}
