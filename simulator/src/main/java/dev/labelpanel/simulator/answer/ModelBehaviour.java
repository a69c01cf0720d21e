package dev.labelpanel.simulator.answer;

import dev.labelpanel.simulator.profile.ConfusionMatrix;
import dev.labelpanel.simulator.profile.LabelSet;
import dev.labelpanel.simulator.profile.ModelProfile;
import dev.labelpanel.simulator.profile.SelfCriticismProfile;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How one simulated model answers, given the true label: a label drawn from its confusion matrix, then with the
 * configured probabilities a refusal or an off-format wording of that label; on a self-criticism follow-up it corrects
 * a wrong previous answer or flips a right one with the configured probabilities; a {@code wordy_rate} share of first
 * answers goes on explaining (or apologising) at length. All draws come from the caller's
 * random generator, so the answer is a pure function of its seed.
 */
public final class ModelBehaviour {
    private final ModelProfile model;
    private final ConfusionMatrix confusion;
    private final AnswerTexts texts;
    private final LabelMentions mentions;

    public ModelBehaviour(ModelProfile model, ConfusionMatrix confusion, LabelSet labels) {
        this.model = model;
        this.confusion = confusion;
        this.texts = new AnswerTexts(labels);
        this.mentions = new LabelMentions(labels);
    }

    /** The answer to a first request about an item whose true label is {@code truth}. */
    public Answer answerItem(String truth, RandomGenerator random) {
        Answer answer = plainAnswer(truth, random);
        if (model.wordyRate() > 0 && random.nextDouble() < model.wordyRate()) {
            String wordy = answer.kind() == AnswerKind.REFUSAL
                    ? texts.wordyRefusal(answer.content())
                    : texts.wordy(answer.label(), random);
            return new Answer(answer.kind(), answer.label(), wordy, answer.finishReason(), false, false);
        }
        return answer;
    }

    private Answer plainAnswer(String truth, RandomGenerator random) {
        String label = confusion.answerFor(truth, random.nextDouble());
        double kind = random.nextDouble();
        double refusalRate = model.refusal().rateFor(truth);
        if (kind < refusalRate) {
            boolean filtered = random.nextDouble() < model.refusal().contentFilterShare();
            return new Answer(
                    AnswerKind.REFUSAL,
                    null,
                    texts.refusal(random),
                    filtered ? "content_filter" : "stop",
                    false,
                    false);
        }
        if (kind < refusalRate + model.offFormatRate()) {
            return Answer.of(AnswerKind.OFF_FORMAT, label, texts.offFormat(label, random));
        }
        return Answer.of(AnswerKind.LABEL, label, label);
    }

    /** The answer to a follow-up asking the model to re-check {@code previousAnswer} about an item labelled {@code truth}. */
    public Answer answerCritique(String truth, String previousAnswer, RandomGenerator random) {
        SelfCriticismProfile criticism = model.selfCriticism();
        double u = random.nextDouble();
        Optional<String> previous = mentions.labelOf(previousAnswer);
        if (previous.isEmpty()) {
            String label = confusion.answerFor(truth, random.nextDouble());
            return Answer.of(AnswerKind.CRITIQUE, label, texts.critiqueFresh(label));
        }
        String before = previous.get();
        if (before.equals(truth)) {
            if (u < criticism.flipRight()) {
                String other = texts.otherThan(truth, random);
                return new Answer(
                        AnswerKind.CRITIQUE, other, texts.critiqueChanged(before, other), "stop", false, true);
            }
            return Answer.of(AnswerKind.CRITIQUE, before, texts.critiqueKept(before));
        }
        if (u < criticism.correctWrong()) {
            return new Answer(AnswerKind.CRITIQUE, truth, texts.critiqueChanged(before, truth), "stop", true, false);
        }
        return Answer.of(AnswerKind.CRITIQUE, before, texts.critiqueKept(before));
    }
}
