package dev.labelpanel.simulator.scenario;

import dev.labelpanel.simulator.answer.Answer;
import dev.labelpanel.simulator.answer.AnswerKind;
import dev.labelpanel.simulator.answer.LabelBelief;
import dev.labelpanel.simulator.answer.ModelBehaviour;
import dev.labelpanel.simulator.profile.FaultKind;
import dev.labelpanel.simulator.profile.ModelProfile;
import dev.labelpanel.simulator.profile.SimulatorProfile;
import dev.labelpanel.simulator.prompt.Conversation;
import dev.labelpanel.simulator.prompt.ConversationParser;
import dev.labelpanel.simulator.truth.GroundTruth;
import dev.labelpanel.simulator.truth.Truth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The simulator's dispatcher: maps a chat request to an {@link Outcome}. The answer is a pure function of
 * (seed, model, messages), like temperature 0; the fault and latency are drawn per attempt, so retries can succeed. A
 * constrained request gets the same answer in the constrained form ({@link ConstrainedContent}); a request for
 * log-probabilities gets them too ({@link AnswerTokens}, from a {@link LabelBelief} drawn apart from the answer).
 */
public final class PanelScenario {
    private static final long ANSWER_SALT = 1;
    private static final long ATTEMPT_SALT = 1_000_003;
    private static final long BELIEF_SALT = 2;

    private final SimulatorProfile profile;
    private final GroundTruth truth;
    private final ConversationParser parser;
    private final Map<String, ModelBehaviour> behaviours = new HashMap<>();
    private final Map<String, LabelBelief> beliefs = new HashMap<>();
    private final AttemptCounter attempts = new AttemptCounter();
    private final double latencyScale;

    public PanelScenario(SimulatorProfile profile, GroundTruth truth, double latencyScale) {
        this.profile = profile;
        this.truth = truth;
        this.parser = new ConversationParser(profile.prompts());
        this.latencyScale = latencyScale;
        profile.models()
                .forEach((name, model) ->
                        behaviours.put(name, new ModelBehaviour(model, profile.confusion(name), profile.labels())));
        profile.models()
                .forEach(
                        (name, model) -> beliefs.put(name, new LabelBelief(profile.confusion(name), profile.labels())));
    }

    /**
     * The first request field that {@code request}'s model's profile lists in {@code unsupported_parameters} (its
     * "provider" rejects it with HTTP 400), or null.
     */
    public String unsupportedParameter(ChatRequest request) {
        for (String parameter : profile.models().get(request.model()).unsupportedParameters()) {
            if (request.fields().contains(parameter)) {
                return parameter;
            }
        }
        return null;
    }

    public boolean knows(String model) {
        return behaviours.containsKey(model);
    }

    /** The model name replies to requests for {@code model} carry (its {@code served_as}, else the name itself). */
    public String servedName(String model) {
        return profile.models().get(model).servedName();
    }

    /** The outcome of one attempt of {@code request}, whose model must be {@link #knows known}. */
    public Outcome respond(ChatRequest request) {
        ModelProfile model = profile.models().get(request.model());
        long key = Draws.requestKey(profile.seed(), request.model(), request.messages());
        Conversation conversation = parser.parse(request.messages());
        Truth itemTruth = truthOf(conversation);
        Answer answer = answer(request.model(), conversation, itemTruth, Draws.random(key, ANSWER_SALT));

        String content = ConstrainedContent.shape(answer, request.constraint());
        String finishReason = answer.finishReason();
        int completionTokens = Usage.estimate(content);
        if (request.maxTokens() != null && completionTokens > request.maxTokens()) {
            content = content.substring(0, Math.min(content.length(), request.maxTokens() * 4));
            completionTokens = request.maxTokens();
            finishReason = "length";
        }
        Usage usage = new Usage(Usage.estimatePrompt(request.messages()), completionTokens);
        List<AnswerTokens.Token> logprobs = null;
        if (request.logprobs()) {
            double[] probs = answer.label() == null
                    ? null
                    : beliefs.get(request.model())
                            .probabilities(itemTruth.label(), answer.label(), Draws.random(key, BELIEF_SALT));
            logprobs = AnswerTokens.of(
                    content,
                    answer.label(),
                    probs,
                    profile.labels(),
                    request.constraint() != null,
                    request.topLogprobs());
        }

        SplittableRandom attempt = Draws.random(key, ATTEMPT_SALT + attempts.next(key));
        FaultKind fault = drawFault(model, attempt.nextDouble());
        long firstTokenMs = LatencySampler.firstTokenMs(model.latency(), latencyScale, attempt);
        boolean retryAfterAsDate = attempt.nextDouble() < model.faults().retryAfterHttpDateShare();
        return new Outcome(
                answer,
                content,
                finishReason,
                usage,
                fault,
                firstTokenMs,
                LatencySampler.perTokenMs(model.latency(), latencyScale),
                model.faults().retryAfterSeconds(),
                retryAfterAsDate,
                itemTruth,
                !(conversation instanceof Conversation.Unrecognized),
                logprobs,
                answer.kind() == AnswerKind.REFUSAL && ConstrainedContent.isStructuredOutput(request.constraint()));
    }

    private Truth truthOf(Conversation conversation) {
        if (conversation instanceof Conversation.LabelItem) {
            Conversation.LabelItem item = (Conversation.LabelItem) conversation;
            return truth.lookup(item.text(), item.context());
        }
        if (conversation instanceof Conversation.Critique) {
            Conversation.Critique critique = (Conversation.Critique) conversation;
            return truth.lookup(critique.text(), critique.context());
        }
        return truth.lookup(((Conversation.Unrecognized) conversation).lastUserMessage(), null);
    }

    private Answer answer(String model, Conversation conversation, Truth itemTruth, SplittableRandom random) {
        ModelBehaviour behaviour = behaviours.get(model);
        if (conversation instanceof Conversation.Critique) {
            return behaviour.answerCritique(
                    itemTruth.label(), ((Conversation.Critique) conversation).previousAnswer(), random);
        }
        return behaviour.answerItem(itemTruth.label(), random);
    }

    private static FaultKind drawFault(ModelProfile model, double u) {
        double cumulative = 0;
        for (Map.Entry<FaultKind, Double> rate : model.faults().rates().entrySet()) {
            cumulative += rate.getValue();
            if (u < cumulative) {
                return rate.getKey();
            }
        }
        return null;
    }
}
