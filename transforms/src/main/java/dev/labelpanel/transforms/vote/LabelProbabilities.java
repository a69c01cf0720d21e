package dev.labelpanel.transforms.vote;

import dev.labelpanel.transforms.llm.TokenLogprob;
import dev.labelpanel.transforms.prompt.LabelSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A labeler's probability of each label, from the log-probabilities of its answer: at the answer token where the
 * voted label starts, every alternative token (the token itself and its {@code top_logprobs}) that begins spelling
 * exactly one label — after the same text before the label in that token, ignoring case — adds its probability to
 * that label ({@code NSFW}, {@code nsfw} and {@code NS} all count for NSFW); the sums are renormalised over the label
 * set. The label starts where the constrained form puts it (the last mention: the JSON {@code label} field, a grammar's
 * final label) or, for a free-text answer, at its first mention. Null when the tokens do not spell the answer, no
 * alternative spells a label, or the answer gave no vote.
 */
public final class LabelProbabilities {
    private LabelProbabilities() {}

    /** The probabilities in label-set order, or null (see the class comment). */
    public static double[] of(
            List<TokenLogprob> tokens, String content, String votedLabel, LabelSet labels, boolean constrained) {
        if (tokens.isEmpty() || content == null || votedLabel == null) {
            return null;
        }
        int start = labelStart(content, votedLabel, constrained);
        StringBuilder joined = new StringBuilder();
        int at = -1;
        int tokenStart = 0;
        for (int i = 0; i < tokens.size(); i++) {
            if (at < 0 && joined.length() + tokens.get(i).token().length() > start) {
                at = i;
                tokenStart = joined.length();
            }
            joined.append(tokens.get(i).token());
        }
        if (start < 0 || at < 0 || !joined.toString().equals(content)) {
            return null;
        }
        String before = content.substring(tokenStart, start).toLowerCase(Locale.ROOT);
        double[] probs = new double[labels.size()];
        double total = 0;
        for (Map.Entry<String, Double> candidate : candidates(tokens.get(at)).entrySet()) {
            String token = candidate.getKey().toLowerCase(Locale.ROOT);
            if (!token.startsWith(before) || token.length() == before.length()) {
                continue;
            }
            int label = spelled(token.substring(before.length()), labels);
            if (label == AMBIGUOUS && candidate.getKey().equals(tokens.get(at).token())) {
                label = labels.indexOf(votedLabel);
            }
            if (label >= 0) {
                double p = Math.exp(candidate.getValue());
                probs[label] += p;
                total += p;
            }
        }
        if (!(total > 0)) {
            return null;
        }
        for (int k = 0; k < probs.length; k++) {
            probs[k] /= total;
        }
        return probs;
    }

    private static final int NONE = -1;
    private static final int AMBIGUOUS = -2;

    /** The token at the label's start and its alternatives, each once (the highest log-probability kept). */
    private static Map<String, Double> candidates(TokenLogprob token) {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(token.token(), token.logprob());
        for (TokenLogprob.Alternative alternative : token.top()) {
            out.merge(alternative.token(), alternative.logprob(), Math::max);
        }
        return out;
    }

    /** The label {@code text} (lower case) begins to spell, or is followed by a non-word character; NONE or AMBIGUOUS. */
    private static int spelled(String text, LabelSet labels) {
        int found = NONE;
        for (int k = 0; k < labels.size(); k++) {
            String name = labels.names().get(k).toLowerCase(Locale.ROOT);
            boolean prefix = name.startsWith(text);
            boolean whole = text.startsWith(name)
                    && (text.length() == name.length() || !Character.isLetterOrDigit(text.charAt(name.length())));
            if (prefix || whole) {
                found = found == NONE ? k : AMBIGUOUS;
            }
        }
        return found;
    }

    /** Where {@code label} starts in {@code content}: its last whole-word mention if constrained, else its first. */
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
