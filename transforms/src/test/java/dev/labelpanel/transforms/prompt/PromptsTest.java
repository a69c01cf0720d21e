package dev.labelpanel.transforms.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.labelpanel.schemas.Turn;
import dev.labelpanel.simulator.profile.PromptTemplates;
import dev.labelpanel.simulator.prompt.Conversation;
import dev.labelpanel.simulator.prompt.ConversationParser;
import dev.labelpanel.transforms.llm.ChatMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptsTest {
    private final Prompts prompts = Prompts.defaults();
    private final LabelSet labels = LabelSet.defaults();
    private final ConversationParser simulator = new ConversationParser(PromptTemplates.defaults());

    private static final List<Turn> CONTEXT = List.of(
            Turn.newBuilder().setRole("user").setText("hi there").build(),
            Turn.newBuilder().setRole("bot").setText("hello!\nHow can I help?").build(),
            Turn.newBuilder()
                    .setRole("user")
                    .setText("tell me about {you} >>> <<<")
                    .build());

    private static Conversation parse(ConversationParser parser, List<ChatMessage> messages) {
        return parser.parse(messages.stream()
                .map(m -> new dev.labelpanel.simulator.prompt.ChatMessage(m.role(), m.content()))
                .toList());
    }

    @Test
    void defaultsAreTheSimulatorsTemplates() {
        assertEquals(PromptTemplates.DEFAULT_UTTERANCE, prompts.utterance().source());
        assertEquals(PromptTemplates.DEFAULT_CONTEXT, prompts.context().source());
        assertEquals(PromptTemplates.DEFAULT_CRITIQUE, prompts.critique().source());
    }

    @Test
    void rendersAnUtterancePrompt() {
        List<ChatMessage> messages = prompts.itemPrompt("utterance", "Is this ok?", null, labels);
        assertEquals(
                List.of(ChatMessage.user(
                        "Classify the following text from a human–chatbot conversation into exactly one of these labels:\n"
                                + "- NSFW: " + labels.description("NSFW") + "\n- SFW: " + labels.description("SFW")
                                + "\n\n"
                                + "Text:\n<<<\nIs this ok?\n>>>\n\nAnswer with the label name only.")),
                messages);
    }

    @Test
    void rendersContextTurnsBySpeaker() {
        List<Turn> turns = List.of(
                Turn.newBuilder().setRole("user").setText("hi").build(),
                Turn.newBuilder().setRole("bot").setText("hello").build(),
                Turn.newBuilder().setRole("system").setText("be nice").build());
        assertEquals("User: hi\nBot: hello\nSystem: be nice", Prompts.renderContext(turns));
    }

    @Test
    void theSimulatorReadsBackAnUtterance() {
        String text = "I want you {now}, ok?\n>>> second line";
        Conversation c = parse(simulator, prompts.itemPrompt("utterance", text, null, labels));
        assertEquals(new Conversation.LabelItem(text, null), c);
    }

    @Test
    void theSimulatorReadsBackAContextItem() {
        String text = "Sure, here is a recipe.";
        Conversation c = parse(simulator, prompts.itemPrompt("context", text, CONTEXT, labels));
        assertEquals(
                new Conversation.LabelItem(
                        text, "User: hi there\nBot: hello!\nHow can I help?\nUser: tell me about {you} >>> <<<"),
                c);
    }

    @Test
    void theSimulatorRecognisesTheCritiqueConversationWithASystemPrompt() {
        Prompts withSystem = prompts.withSystemPrompt("You are a careful content moderator.");
        List<ChatMessage> item = withSystem.itemPrompt("context", "the reply", CONTEXT, labels);
        List<ChatMessage> critique = withSystem.critiquePrompt(item, "NSFW", labels);
        assertEquals(4, critique.size());
        assertEquals(ChatMessage.system("You are a careful content moderator."), critique.get(0));
        assertEquals(item.get(1), critique.get(1));
        assertEquals(ChatMessage.assistant("NSFW"), critique.get(2));
        assertEquals(
                ChatMessage.user(
                        "Re-read the text and your answer above. Was your answer wrong? Explain briefly, then end with one line of"
                                + " the form \"Final label: <label>\", where <label> is one of: NSFW, SFW."),
                critique.get(3));
        Conversation c = parse(simulator, critique);
        Conversation.Critique parsed = assertInstanceOf(Conversation.Critique.class, c);
        assertEquals("the reply", parsed.text());
        assertEquals(
                "User: hi there\nBot: hello!\nHow can I help?\nUser: tell me about {you} >>> <<<", parsed.context());
        assertEquals("NSFW", parsed.previousAnswer());
    }

    @Test
    void theSimulatorReadsBackCustomTemplates() {
        String utterance = "Labels: {label_names}\n{labels}\nJSON like {{\"label\": \"X\"}} for: {text}";
        String context = "{context}\n---\n{text}\nPick from {label_names}.";
        String critique = "Sure? One of {label_names}.";
        Prompts custom = Prompts.of(utterance, context, critique, null);
        ConversationParser customSimulator = new ConversationParser(
                new PromptTemplates(utterance.replace("{{", "{").replace("}}", "}"), context, critique));
        assertEquals(
                new Conversation.LabelItem("hello", null),
                parse(customSimulator, custom.itemPrompt("utterance", "hello", null, labels)));
        Conversation c = parse(
                customSimulator,
                custom.critiquePrompt(custom.itemPrompt("context", "bye", CONTEXT, labels), "SFW", labels));
        assertEquals(
                new Conversation.Critique(
                        "bye",
                        "User: hi there\nBot: hello!\nHow can I help?\nUser: tell me about {you} >>> <<<",
                        "SFW"),
                c);
    }
}
