package dev.labelpanel.transforms.vote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labelpanel.transforms.llm.AnswerFormat;
import dev.labelpanel.transforms.prompt.LabelSet;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the label a model's answer gives. Labels are matched as whole words ignoring case and markdown, and mapped to
 * their canonical names. The rules, in order:
 *
 * <ol>
 *   <li>{@code finish_reason} {@code content_filter} is a {@link NoVoteReason#REFUSAL};
 *   <li>an empty or blank answer (also after dropping {@code <think>} blocks and fences) is {@link NoVoteReason#EMPTY};
 *   <li>the whole answer is a label, give or take punctuation, quotes and markdown: {@code **NSFW**}, {@code nsfw.};
 *   <li>a key line: {@code Label: X}, {@code Answer: X}, {@code Classification - X}, {@code {"label": "X"}} (the
 *       last such line that names a label wins; its value ends at the first {@code , . ; ! ? (});
 *   <li>refusal wording ("I can't help with that", "I'm sorry, but I cannot", "As an AI", "I won't …") is a refusal;
 *   <li>otherwise the labels the answer names: negated mentions ("not NSFW", "rather than SFW") are set aside; one
 *       remaining label is the vote; two or more are {@link NoVoteReason#BOTH_LABELS} unless a concluding phrase
 *       picks one ("…but on balance I would say NSFW"); none (also: only negated mentions) is
 *       {@link NoVoteReason#UNPARSEABLE}. A negated label is never turned into its complement.
 * </ol>
 *
 * <p>{@link #parseFinal} reads a self-criticism answer, which discusses both labels. Rules 1–2 apply; then the last
 * {@code Final label: X} line that names a label decides ({@code Final label: NSFW or SFW} is both-labels); failing
 * that, rules 3–5; failing that, the last label named (not negated) in the closing sentence (a cut answer has none),
 * else unparseable.
 *
 * <p>A refusal the provider declares ({@code message.refusal}) does not reach these rules: {@link Votes} makes it a
 * refusal whatever its wording.
 *
 * <p>An answer cut at the token limit ({@code finish_reason} {@code length}) is read by the same rules: real models
 * are wordy, and "Answer: NSFW" or "It is SFW, not NSFW." that runs into {@code max_tokens} is still a clear vote, and
 * "I'm sorry, but I can't …" is still a refusal. Only a cut answer the rules leave unresolved (empty, unparseable,
 * both labels) is {@link NoVoteReason#CUT_OFF}, since its end might have decided it.
 */
public final class LabelParser implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final Pattern KEY_LINE = Pattern.compile(
            "(?im)(?:^|(?<=[\\s{,(]))[\"']?(final\\s+label|final\\s+answer|final\\s+classification|label|answer"
                    + "|classification|category|verdict|rating)[\"']?[ \\t]*[:=\\-\u2013\u2014][ \\t]*(.*)$");
    private static final Pattern FINAL_LABEL_LINE =
            Pattern.compile("(?im)^[\\s>\\-]*final\\s+label[ \\t]*[:=\\-\u2013\u2014]?[ \\t]*(.*)$");
    private static final Pattern QUOTED = Pattern.compile("^[\"']([^\"'\\n]*)[\"']");
    private static final Pattern VALUE_END = Pattern.compile("[,.;!?(]");
    private static final Pattern SENTENCE_BREAK = Pattern.compile("(?<=[.!?])\\s+|\\n+");

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String FINISH_CONTENT_FILTER = "content_filter";
    static final String FINISH_LENGTH = "length";

    private final LabelSet labels;
    private final LabelMentions mentions;

    public LabelParser(LabelSet labels) {
        this.labels = Objects.requireNonNull(labels, "labels");
        this.mentions = new LabelMentions(labels);
    }

    public LabelSet labels() {
        return labels;
    }

    /** The label a first answer gives (see the class comment). {@code finishReason} may be null. */
    public ParsedLabel parse(String answer, String finishReason) {
        return cutOffIfUnresolved(parseText(answer, finishReason, false), finishReason);
    }

    /** The label a self-criticism answer ends with (see the class comment). {@code finishReason} may be null. */
    public ParsedLabel parseFinal(String answer, String finishReason) {
        return cutOffIfUnresolved(parseText(answer, finishReason, true), finishReason);
    }

    /**
     * Rules 1–5 for either kind of answer; a self-criticism answer's {@code Final label} line comes before rule 3, and
     * its closing sentence, not all its mentions, decides at the end.
     */
    private ParsedLabel parseText(String answer, String finishReason, boolean selfCriticism) {
        ParsedLabel early = finishOrEmpty(answer, finishReason);
        if (early != null) {
            return early;
        }
        String text = AnswerText.clean(answer);
        if (text.isEmpty()) {
            return ParsedLabel.noVote(NoVoteReason.EMPTY);
        }
        ParsedLabel finalLine = selfCriticism ? lastKeyValue(FINAL_LABEL_LINE.matcher(text), 1) : null;
        if (finalLine != null) {
            return finalLine;
        }
        ParsedLabel structured = structured(text);
        if (structured != null) {
            return structured;
        }
        if (RefusalWording.isRefusal(text)) {
            return ParsedLabel.noVote(NoVoteReason.REFUSAL);
        }
        if (!selfCriticism) {
            return fromMentions(text);
        }
        if (FINISH_LENGTH.equals(finishReason)) {
            return ParsedLabel.noVote(NoVoteReason.CUT_OFF); // a cut answer has no closing sentence
        }
        String label = mentions.lastAffirmed(closingSentence(text));
        return label != null ? ParsedLabel.vote(label) : ParsedLabel.noVote(NoVoteReason.UNPARSEABLE);
    }

    /**
     * The label a constrained answer gives: the {@code label} field of a JSON object, or the whole answer as a label
     * (a choice or a one-label grammar). An answer in neither form (a server that ignored the constraint, a refusal
     * in the content, a grammar's reasoning and {@code Final label: X}) is read by {@link #parse} or,
     * for a self-criticism answer ({@code reasoning}), {@link #parseFinal}.
     */
    public ParsedLabel parseConstrained(String answer, String finishReason, boolean reasoning) {
        ParsedLabel early = finishOrEmpty(answer, finishReason);
        if (early != null) {
            return early;
        }
        String text = answer.strip();
        String whole = labels.canonical(text);
        if (whole != null) {
            return ParsedLabel.vote(whole);
        }
        if (text.startsWith("{")) {
            try {
                JsonNode field = JSON.readTree(text).path(AnswerFormat.LABEL_FIELD);
                String label = field.isTextual() ? labels.canonical(field.asText()) : null;
                if (label != null) {
                    return ParsedLabel.vote(label);
                }
            } catch (JsonProcessingException e) {
                // Not whole JSON (cut off?): the free-text rules below decide.
            }
        }
        return reasoning ? parseFinal(answer, finishReason) : parse(answer, finishReason);
    }

    private static ParsedLabel finishOrEmpty(String answer, String finishReason) {
        if (FINISH_CONTENT_FILTER.equals(finishReason)) {
            return ParsedLabel.noVote(NoVoteReason.REFUSAL);
        }
        return AnswerText.isBlank(answer) ? ParsedLabel.noVote(NoVoteReason.EMPTY) : null;
    }

    /** A cut answer keeps its vote or refusal; anything else it left unresolved is cut-off. */
    private static ParsedLabel cutOffIfUnresolved(ParsedLabel parsed, String finishReason) {
        if (!FINISH_LENGTH.equals(finishReason) || parsed.isVote() || parsed.reason() == NoVoteReason.REFUSAL) {
            return parsed;
        }
        return ParsedLabel.noVote(NoVoteReason.CUT_OFF);
    }

    /** The whole answer as a label, else a key line; null if neither names a label. */
    private ParsedLabel structured(String text) {
        String whole = labels.canonical(AnswerText.core(text));
        if (whole != null) {
            return ParsedLabel.vote(whole);
        }
        return lastKeyValue(KEY_LINE.matcher(text), 2);
    }

    /** The reading of the last matched key line whose value names a label (a vote or both-labels), or null. */
    private ParsedLabel lastKeyValue(Matcher lines, int valueGroup) {
        ParsedLabel last = null;
        while (lines.find()) {
            ParsedLabel value = fromMentions(keyValue(lines.group(valueGroup)));
            if (value.reason() != NoVoteReason.UNPARSEABLE) {
                last = value;
            }
        }
        return last;
    }

    /** A key line's value: a quoted string (JSON), or the text up to the first {@code , . ; ! ? (}. */
    private static String keyValue(String rest) {
        String value = rest.strip();
        Matcher quoted = QUOTED.matcher(value);
        if (quoted.find()) {
            return quoted.group(1);
        }
        Matcher end = VALUE_END.matcher(value);
        return end.find() ? value.substring(0, end.start()) : value;
    }

    private ParsedLabel fromMentions(String text) {
        Set<String> affirmed = mentions.affirmed(text);
        if (affirmed.size() == 1) {
            return ParsedLabel.vote(affirmed.iterator().next());
        }
        if (affirmed.isEmpty()) {
            return ParsedLabel.noVote(NoVoteReason.UNPARSEABLE);
        }
        String concluded = mentions.concluded(text);
        return concluded != null ? ParsedLabel.vote(concluded) : ParsedLabel.noVote(NoVoteReason.BOTH_LABELS);
    }

    private static String closingSentence(String text) {
        List<String> sentences = SENTENCE_BREAK
                .splitAsStream(text)
                .map(String::strip)
                .filter(s -> !AnswerText.core(s).isEmpty())
                .toList();
        return sentences.isEmpty() ? "" : sentences.get(sentences.size() - 1);
    }
}
