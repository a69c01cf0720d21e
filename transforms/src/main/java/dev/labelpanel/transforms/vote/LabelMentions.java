package dev.labelpanel.transforms.vote;

import dev.labelpanel.transforms.prompt.LabelSet;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Finds where an answer names labels. A label counts only as a whole word: it is found ignoring case but never
 * inside a longer word, so {@code SFW} is not found in {@code NSFW}. A mention is <em>negated</em> when, in the same
 * clause, a negation stands right before it with at most five filler words in between ("not NSFW", "isn't really
 * NSFW", "would not be considered NSFW", "non-NSFW", "SFW rather than NSFW").
 */
final class LabelMentions implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A label named at {@code start} in the text; {@code negated} if a negation governs it. */
    record Mention(String label, int start, boolean negated) {}

    private static final String SEP = "[\\s\\-\"'*]+";
    private static final String NEGATION_FILLERS =
            "a|an|the|be|been|being|is|are|was|it|this|that|really|quite|actually|truly|strictly|necessarily|exactly"
                    + "|particularly|very|remotely|overtly|even|at|all|any|as|considered|classified|labeled|labelled|label"
                    + "|marked|flagged|rated|deemed|categori[sz]ed|call|called|qualify|qualifies|count|counts|seem|seems"
                    + "|appear|appears|contain|contains|include|includes|anything|something|content|material|to|fall|falls"
                    + "|under|into|meet|meets|would|should|could|i|say|think|believe|consider|see|find|of|kind|sort|type"
                    + "|explicit|enough|sexual|sexually|graphic|so|strong|here";
    private static final Pattern NEGATED_TAIL = Pattern.compile(
            "(?:^|[^\\p{L}])(?:not|no|never|neither|nor|non|cannot|without|nothing|hardly|rather\\s+than"
                    + "|instead\\s+of|\\p{L}*n't)(?:" + SEP + "(?:" + NEGATION_FILLERS + ")){0,5}"
                    + "(?:" + SEP + ")?$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern CLAUSE_BREAK = Pattern.compile("[,;:.!?()\\[\\]\\n]");

    private static final String CUES =
            "on balance|overall|in conclusion|ultimately|therefore|thus|hence|in the end|all in all|i conclude"
                    + "|final answer|i(?:'d| would| will|'ll)? (?:say|choose|pick|go with|classify|label|lean towards?|rate"
                    + "|categori[sz]e|call)|(?:the|my) (?:final |best |correct )?(?:answer|label|classification|verdict"
                    + "|choice) (?:is|would be|remains)";
    private static final String CUE_FILLERS =
            "it|it's|its|this|that|the|text|reply|message|content|is|as|be|would|should|a|an|clearly|definitely"
                    + "|probably|likely|more|mostly|rather|label|labelled|labeled|classified|considered|rated|categori[sz]ed"
                    + "|to|go|with|i|say|being|under|falls|fall|one";

    private final LabelSet labels;
    private final Pattern mention;
    private final Pattern conclusion;

    LabelMentions(LabelSet labels) {
        this.labels = labels;
        String alternatives = labels.names().stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .map(Pattern::quote)
                .collect(Collectors.joining("|"));
        String labelWord = "(?<![\\p{L}\\p{N}])(" + alternatives + ")(?![\\p{L}\\p{N}])";
        int flags = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
        this.mention = Pattern.compile(labelWord, flags);
        this.conclusion = Pattern.compile(
                "(?<![\\p{L}])(?:" + CUES + ")(?:[\\s,:\\-\"'*]+(?:" + CUE_FILLERS + ")){0,5}[\\s,:\\-\"'*]+"
                        + labelWord,
                flags);
    }

    /** Every label mention in {@code text}, in order. */
    List<Mention> find(String text) {
        List<Mention> found = new ArrayList<>();
        Matcher m = mention.matcher(text);
        while (m.find()) {
            found.add(new Mention(labels.canonical(m.group(1)), m.start(), isNegated(text, m.start())));
        }
        return found;
    }

    /** The distinct labels named without negation, in order of first mention. */
    Set<String> affirmed(String text) {
        Set<String> result = new LinkedHashSet<>();
        for (Mention m : find(text)) {
            if (!m.negated()) {
                result.add(m.label());
            }
        }
        return result;
    }

    /** The label right after the last concluding phrase ("on balance I would say NSFW", "the answer is SFW"), or null. */
    String concluded(String text) {
        Matcher m = conclusion.matcher(text);
        String last = null;
        while (m.find()) {
            last = labels.canonical(m.group(1));
        }
        return last;
    }

    /** The label of the last mention that is not negated, or null. */
    String lastAffirmed(String text) {
        String last = null;
        for (Mention m : find(text)) {
            if (!m.negated()) {
                last = m.label();
            }
        }
        return last;
    }

    private static boolean isNegated(String text, int start) {
        int clauseStart = 0;
        Matcher breaks = CLAUSE_BREAK.matcher(text).region(0, start);
        while (breaks.find()) {
            clauseStart = breaks.end();
        }
        String clause = text.substring(clauseStart, start);
        return NEGATED_TAIL.matcher(clause).find();
    }
}
