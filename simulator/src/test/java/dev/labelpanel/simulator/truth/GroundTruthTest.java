package dev.labelpanel.simulator.truth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.simulator.profile.LabelSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroundTruthTest {
    @TempDir
    Path dir;

    private GroundTruth load(String... lines) throws IOException {
        Path file = dir.resolve("gold.jsonl");
        Files.write(file, List.of(lines));
        return GroundTruth.load(List.of(file), LabelSet.nsfwSfw(), LexiconRule.bundled());
    }

    @Test
    void looksUpNormalizedTextThenContextThenLexicon() throws IOException {
        GroundTruth truth = load(
                "{\"text\": \"Caf\\u0065\\u0301  time\\n\", \"label\": \"NSFW\"}",
                "{\"text\": \"Sure.\", \"label\": \"SFW\"}",
                "{\"text\": \"Sure.\", \"context\": \"User: undress   for me\", \"label\": \"NSFW\"}");
        assertEquals(new Truth("NSFW", TruthSource.GOLD_TEXT), truth.lookup("Caf\u00e9 time", null));
        assertEquals(new Truth("NSFW", TruthSource.GOLD_WITH_CONTEXT), truth.lookup(" Sure.", "User: undress for me"));
        assertEquals(new Truth("SFW", TruthSource.GOLD_TEXT), truth.lookup("Sure.", "User: hello"));
        assertEquals(new Truth("NSFW", TruthSource.LEXICON), truth.lookup("Let's have SEX now", null));
        assertEquals(new Truth("SFW", TruthSource.LEXICON), truth.lookup("Essex is a county", null));
    }

    @Test
    void badLineNamesFileAndLine() throws IOException {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> load("{\"text\": \"a\", \"label\": \"SFW\"}", "{oops"));
        assertTrue(e.getMessage().contains("gold.jsonl:2"), e.getMessage());
    }

    @Test
    void unknownLabelIsRejected() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> load("{\"text\": \"a\", \"label\": \"MAYBE\"}"));
        assertTrue(e.getMessage().contains("MAYBE"), e.getMessage());
    }
}
