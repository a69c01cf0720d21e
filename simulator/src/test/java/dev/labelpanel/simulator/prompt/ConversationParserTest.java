package dev.labelpanel.simulator.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.labelpanel.simulator.Prompts;
import dev.labelpanel.simulator.profile.PromptTemplates;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationParserTest {
    private final ConversationParser parser = new ConversationParser(PromptTemplates.defaults());

    @Test
    void findsMultiLineTextInUtterancePrompt() {
        String text = "line one\n\n>>> tricky\nline three";
        Conversation c = parser.parse(
                List.of(new ChatMessage("system", "be brief"), new ChatMessage("user", Prompts.utterance(text))));
        assertEquals(new Conversation.LabelItem(text, null), c);
    }

    @Test
    void findsTextAndContextInContextPrompt() {
        String context = "User: hi\nBot: hello\nUser: tell me more";
        Conversation c = parser.parse(List.of(new ChatMessage("user", Prompts.context(context, "Sure."))));
        assertEquals(new Conversation.LabelItem("Sure.", context), c);
    }

    @Test
    void recognisesCritiqueFollowUp() {
        Conversation c = parser.parse(List.of(
                new ChatMessage("user", Prompts.utterance("some text")),
                new ChatMessage("assistant", "NSFW"),
                new ChatMessage("user", Prompts.critique())));
        assertEquals(new Conversation.Critique("some text", null, "NSFW"), c);
    }

    @Test
    void promptOutsideTheTemplatesIsUnrecognized() {
        Conversation c = parser.parse(List.of(new ChatMessage("user", "Is this NSFW? some text")));
        assertInstanceOf(Conversation.Unrecognized.class, c);
    }

    @Test
    void customTemplateWithRepeatedPlaceholder() {
        PromptTemplate template = PromptTemplate.compile("A {text} B {text} C");
        assertEquals("x\ny", template.match("A x\ny B x\ny C").orElseThrow().get("text"));
        assertEquals(true, template.match("A x B y C").isEmpty());
    }
}
