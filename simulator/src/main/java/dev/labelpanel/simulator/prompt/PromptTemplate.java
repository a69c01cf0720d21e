package dev.labelpanel.simulator.prompt;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A prompt template compiled into a regular expression that matches a whole rendered prompt: literal parts are
 * quoted, {@code {text}} and {@code {context}} become lazy capture groups that span lines, {@code {labels}} and
 * {@code {label_names}} match anything. A placeholder used twice must render the same both times.
 */
public final class PromptTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(text|context|labels|label_names)}");
    private static final Map<String, String> GROUP_NAMES =
            Map.of("text", "text", "context", "context", "labels", "labels", "label_names", "labelnames");

    private final String source;
    private final Pattern pattern;

    private PromptTemplate(String source, Pattern pattern) {
        this.source = source;
        this.pattern = pattern;
    }

    public static PromptTemplate compile(String template) {
        StringBuilder regex = new StringBuilder();
        Map<String, Boolean> seen = new LinkedHashMap<>();
        Matcher m = PLACEHOLDER.matcher(template);
        int last = 0;
        while (m.find()) {
            regex.append(quote(template.substring(last, m.start())));
            String group = GROUP_NAMES.get(m.group(1));
            if (seen.putIfAbsent(group, true) == null) {
                regex.append("(?<").append(group).append(">.*?)");
            } else {
                regex.append("\\k<").append(group).append('>');
            }
            last = m.end();
        }
        regex.append(quote(template.substring(last)));
        return new PromptTemplate(template, Pattern.compile(regex.toString(), Pattern.DOTALL));
    }

    private static String quote(String literal) {
        return literal.isEmpty() ? "" : Pattern.quote(literal);
    }

    /** The placeholders' values if {@code prompt} is an instance of this template as a whole. */
    public Optional<Map<String, String>> match(String prompt) {
        Matcher m = pattern.matcher(prompt);
        if (!m.matches()) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : new String[] {"text", "context"}) {
            if (pattern.pattern().contains("(?<" + name + ">")) {
                values.put(name, m.group(name));
            }
        }
        return Optional.of(values);
    }

    public String source() {
        return source;
    }
}
