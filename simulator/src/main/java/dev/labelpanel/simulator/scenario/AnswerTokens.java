package dev.labelpanel.simulator.scenario;

import dev.labelpanel.simulator.profile.LabelSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An answer's tokens with log-probabilities, as {@code choices[0].logprobs.content}: the label the answer gives is one
 * token (where a client looks for it: its last mention in a constrained answer, its first in free text), whose
 * alternatives are every label, each spelled as in the answer (90 % of its probability) and in lower case (10 %);
 * every other token is a word (with the whitespace before it) the model was certain of (log-probability 0).
 */
public final class AnswerTokens {
    /** One token: its text, log-probability and the most likely alternatives at its position (null for an alternative). */
    public record Token(String token, double logprob, List<Token> top) {}

    private static final double EXACT_SHARE = 0.9;

    private AnswerTokens() {}

    static List<Token> of(
            String content, String label, double[] probs, LabelSet labels, boolean constrained, int topN) {
        int start = label == null || probs == null ? -1 : labelStart(content, label, constrained);
        List<Token> tokens = new ArrayList<>();
        if (start < 0) {
            words(content, topN, tokens);
            return tokens;
        }
        words(content.substring(0, start), topN, tokens);
        String spelled = content.substring(start, start + label.length());
        List<Token> alternatives = new ArrayList<>();
        for (int k = 0; k < labels.size(); k++) {
            String name = labels.get(k);
            String asAnswered = spelled.equals(spelled.toUpperCase(Locale.ROOT)) ? name.toUpperCase(Locale.ROOT) : name;
            alternatives.add(new Token(asAnswered, Math.log(EXACT_SHARE * probs[k]), null));
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals(asAnswered)) {
                alternatives.add(new Token(lower, Math.log((1 - EXACT_SHARE) * probs[k]), null));
            }
        }
        alternatives.sort(Comparator.comparingDouble(Token::logprob).reversed());
        double chosen = Math.log(EXACT_SHARE * probs[labels.indexOf(label)]);
        tokens.add(new Token(spelled, chosen, alternatives.subList(0, Math.min(topN, alternatives.size()))));
        words(content.substring(start + label.length()), topN, tokens);
        return tokens;
    }

    private static void words(String text, int topN, List<Token> out) {
        for (String piece : text.split("(?=\\s)")) {
            if (!piece.isEmpty()) {
                out.add(new Token(piece, 0.0, topN == 0 ? List.of() : List.of(new Token(piece, 0.0, null))));
            }
        }
    }

    private static int labelStart(String content, String label, boolean constrained) {
        Matcher m = Pattern.compile(
                        "(?<![\\p{L}\\p{N}])" + Pattern.quote(label) + "(?![\\p{L}\\p{N}])", Pattern.CASE_INSENSITIVE)
                .matcher(content);
        int start = -1;
        while (m.find()) {
            start = m.start();
            if (!constrained) {
                break;
            }
        }
        return start;
    }
}
