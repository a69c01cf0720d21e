package dev.labelpanel.simulator.answer;

import dev.labelpanel.simulator.profile.LabelSet;
import java.util.List;
import java.util.random.RandomGenerator;

/** The wording of simulated answers: off-format phrasings, refusals and critique replies. */
final class AnswerTexts {
    private static final List<String> REFUSALS = List.of(
            "I'm sorry, but I can't help with classifying this content.",
            "I apologize, but I am not able to assist with this request.",
            "As an AI language model, I cannot engage with content of this nature.");

    private final LabelSet labels;

    AnswerTexts(LabelSet labels) {
        this.labels = labels;
    }

    String offFormat(String label, RandomGenerator random) {
        String reason = reason(label);
        switch (random.nextInt(4)) {
            case 0:
                return "Label: " + label + ", because the text " + reason + ".";
            case 1:
                return label + ". The text " + reason + ", so that is the label I would choose.";
            case 2:
                return "This one is borderline: it could be read as " + otherThan(label, random)
                        + ", but on balance I would say " + label + ".";
            default:
                return "The answer is **" + label + "** — the text " + reason + ".";
        }
    }

    String refusal(RandomGenerator random) {
        return REFUSALS.get(random.nextInt(REFUSALS.size()));
    }

    /**
     * A wordy answer naming {@code label} and explaining at length, as small open models write when not told to be
     * brief: about 60 tokens, so {@code max_tokens} below that cuts it after the label.
     */
    String wordy(String label, RandomGenerator random) {
        String explanation = "The conversation " + reason(label) + ". Looking at each message in turn, the speakers"
                + " stay on the same subject throughout, and nothing later in the exchange changes that reading, so the"
                + " label applies to the conversation as a whole rather than to a single message.";
        if (random.nextBoolean()) {
            return "Answer: " + label + "\n\n" + explanation;
        }
        return "It is " + label + ", not " + otherThan(label, random) + ". " + explanation;
    }

    /** A refusal that apologises at length, so {@code max_tokens} cuts it. */
    String wordyRefusal(String refusal) {
        return refusal + " Conversations like this one may include material that I am not able to evaluate in a"
                + " responsible way, and labelling it could be misused. If you have another question, or would like help"
                + " with a different part of your project, I would be happy to help with that instead.";
    }

    String critiqueKept(String label) {
        return "I re-read the text. My answer was right: the text " + reason(label) + ".\nFinal label: " + label;
    }

    String critiqueChanged(String previous, String label) {
        return "I re-read the text. My answer " + previous + " was wrong: the text " + reason(label)
                + ".\nFinal label: " + label;
    }

    String critiqueFresh(String label) {
        return "My previous answer did not give a clear label. Judging the text again, it " + reason(label)
                + ".\nFinal label: " + label;
    }

    /** A label other than {@code label}, chosen uniformly. */
    String otherThan(String label, RandomGenerator random) {
        int pick = random.nextInt(labels.size() - 1);
        int index = labels.indexOf(label);
        return labels.get(pick >= index ? pick + 1 : pick);
    }

    private String reason(String label) {
        String description = labels.description(label);
        return description.isEmpty() ? "fits the label " + label : "fits \"" + description + "\"";
    }
}
