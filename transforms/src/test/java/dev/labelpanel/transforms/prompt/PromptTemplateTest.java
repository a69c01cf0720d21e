package dev.labelpanel.transforms.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PromptTemplateTest {

    @Test
    void rendersPlaceholdersAndLiteralBraces() {
        PromptTemplate t =
                PromptTemplate.forUtterance("prompts.utterance", "Labels {label_names}. {{\"label\": \"X\"}} <{text}>");
        assertEquals(Set.of("text", "label_names"), t.placeholders());
        assertEquals(
                "Labels NSFW, SFW. {\"label\": \"X\"} <a {text} b>",
                t.render(Map.of("text", "a {text} b", "label_names", "NSFW, SFW")));
    }

    @Test
    void unknownPlaceholderNamesTemplateAndAllowedOnes() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> PromptTemplate.forUtterance("prompts.utterance", "Judge {txt}"));
        assertEquals(
                "prompts.utterance uses the unknown placeholder {txt}; allowed here: {context}, {label_names}, {labels},"
                        + " {text} (write '{{' and '}}' for literal braces)",
                e.getMessage());
    }

    @Test
    void utteranceTemplateNeedsText() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> PromptTemplate.forUtterance("prompts.utterance", "Labels: {labels}"));
        assertEquals(
                "prompts.utterance must contain the placeholder {text} but it is missing from: Labels: {labels}",
                e.getMessage());
    }

    @Test
    void contextTemplateNeedsContext() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> PromptTemplate.forContext("prompts.context", "{text}"));
        assertEquals(
                "prompts.context must contain the placeholder {context} but it is missing from: {text}",
                e.getMessage());
    }

    @Test
    void critiqueTemplateMayOnlyUseLabelPlaceholders() {
        assertEquals(
                Set.of(),
                PromptTemplate.forCritique("prompts.critique", "Sure?").placeholders());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> PromptTemplate.forCritique("prompts.critique", "Re-read {text}"));
        assertEquals(
                "prompts.critique uses the unknown placeholder {text}; allowed here: {label_names}, {labels}"
                        + " (write '{{' and '}}' for literal braces)",
                e.getMessage());
    }

    @Test
    void strayBracesAreErrors() {
        assertThrows(IllegalArgumentException.class, () -> PromptTemplate.forUtterance("p", "{text} {"));
        assertThrows(IllegalArgumentException.class, () -> PromptTemplate.forUtterance("p", "{text} }"));
    }

    @Test
    void renderNeedsAValueForEveryPlaceholder() {
        PromptTemplate t = PromptTemplate.forUtterance("prompts.utterance", "{labels}: {text}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.render(Map.of("text", "hi")));
        assertEquals("prompts.utterance needs a value for {labels} but was given only [text]", e.getMessage());
    }
}
