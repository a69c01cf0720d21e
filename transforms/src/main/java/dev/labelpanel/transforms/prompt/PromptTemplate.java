package dev.labelpanel.transforms.prompt;

import dev.labelpanel.transforms.Arguments;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A prompt text with named placeholders: {@code {text}}, {@code {context}}, {@code {labels}}, {@code {label_names}}.
 * {@code {{} and {@code }}} stand for literal braces; any other brace is an error. The template is checked when it
 * is built, so a typo in a config file fails the pipeline at construction, naming the template (e.g.
 * {@code prompts.utterance}).
 */
public final class PromptTemplate implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String TEXT = "text";
    public static final String CONTEXT = "context";
    public static final String LABELS = "labels";
    public static final String LABEL_NAMES = "label_names";

    private static final Set<String> ALL = Set.of(TEXT, CONTEXT, LABELS, LABEL_NAMES);

    /** A literal piece of text, or a placeholder's name when {@code placeholder} is true. */
    private record Part(String value, boolean placeholder) implements Serializable {}

    private final String name;
    private final String source;
    private final List<Part> parts;
    private final Set<String> placeholders;

    private PromptTemplate(String name, String source, Set<String> allowed, Set<String> required) {
        this.name = Objects.requireNonNull(name, "name");
        Arguments.check(source != null, "%s must be a prompt text but was null", name);
        this.source = source;
        this.parts = List.copyOf(parse(name, source, allowed));
        Set<String> used = new LinkedHashSet<>();
        parts.stream().filter(Part::placeholder).forEach(p -> used.add(p.value()));
        this.placeholders = Set.copyOf(used);
        for (String placeholder : required) {
            Arguments.check(
                    used.contains(placeholder),
                    "%s must contain the placeholder {%s} but it is missing from: %s",
                    name,
                    placeholder,
                    source);
        }
    }

    /** A template for a single utterance: may use every placeholder and must contain {@code {text}}. */
    public static PromptTemplate forUtterance(String name, String source) {
        return new PromptTemplate(name, source, ALL, Set.of(TEXT));
    }

    /** A template for a bot reply in context: may use any placeholder; needs {@code {text}} and {@code {context}}. */
    public static PromptTemplate forContext(String name, String source) {
        return new PromptTemplate(name, source, ALL, Set.of(TEXT, CONTEXT));
    }

    /** A self-criticism follow-up: may use only {@code {labels}} and {@code {label_names}}, and needs neither. */
    public static PromptTemplate forCritique(String name, String source) {
        return new PromptTemplate(name, source, Set.of(LABELS, LABEL_NAMES), Set.of());
    }

    /** The template with each placeholder replaced by its value; every placeholder used needs a value. */
    public String render(Map<String, String> values) {
        StringBuilder out = new StringBuilder(source.length() + 256);
        for (Part part : parts) {
            if (!part.placeholder()) {
                out.append(part.value());
                continue;
            }
            String value = values.get(part.value());
            Arguments.check(
                    value != null,
                    "%s needs a value for {%s} but was given only %s",
                    name,
                    part.value(),
                    values.keySet());
            out.append(value);
        }
        return out.toString();
    }

    public String name() {
        return name;
    }

    /** The template text as written. */
    public String source() {
        return source;
    }

    /** The placeholders the template uses. */
    public Set<String> placeholders() {
        return placeholders;
    }

    private static List<Part> parse(String name, String source, Set<String> allowed) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if ((c == '{' || c == '}') && i + 1 < source.length() && source.charAt(i + 1) == c) {
                literal.append(c);
                i += 2;
                continue;
            }
            Arguments.check(
                    c != '}',
                    "%s has an unmatched '}' at position %d; write '}}' for a literal brace. Template: %s",
                    name,
                    i,
                    source);
            if (c != '{') {
                literal.append(c);
                i++;
                continue;
            }
            int close = source.indexOf('}', i);
            Arguments.check(
                    close > 0,
                    "%s has an unclosed '{' at position %d; write '{{' for a literal brace. Template: %s",
                    name,
                    i,
                    source);
            String placeholder = source.substring(i + 1, close);
            Arguments.check(
                    allowed.contains(placeholder),
                    "%s uses the unknown placeholder {%s}; allowed here: %s (write '{{' and '}}' for literal braces)",
                    name,
                    placeholder,
                    describe(allowed));
            if (literal.length() > 0) {
                parts.add(new Part(literal.toString(), false));
                literal.setLength(0);
            }
            parts.add(new Part(placeholder, true));
            i = close + 1;
        }
        if (literal.length() > 0) {
            parts.add(new Part(literal.toString(), false));
        }
        return parts;
    }

    private static String describe(Set<String> allowed) {
        return String.join(
                ", ", allowed.stream().sorted().map(p -> "{" + p + "}").toList());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PromptTemplate that && name.equals(that.name) && source.equals(that.source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, source);
    }

    @Override
    public String toString() {
        return name + "=" + source;
    }
}
