package dev.labelpanel.pipelines.config;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in a config's text with environment variables before it is
 * parsed as YAML; a doubled dollar before the brace stands for a literal dollar-brace. Comment lines and the comment part of a line (after
 * {@code " #"}) are left alone. An unset variable without a default is a config error naming it and its line.
 */
public final class EnvInterpolation {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$(\\$?)\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private EnvInterpolation() {}

    /** {@code yaml} with its placeholders replaced; {@code env} looks variables up (null when unset). */
    public static String apply(String yaml, String name, Function<String, String> env) {
        String[] lines = yaml.split("\n", -1);
        StringBuilder out = new StringBuilder(yaml.length());
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                out.append('\n');
            }
            String line = lines[i];
            int comment = commentStart(line);
            out.append(replace(line.substring(0, comment), name, i + 1, env)).append(line.substring(comment));
        }
        return out.toString();
    }

    private static String replace(String text, String name, int lineNumber, Function<String, String> env) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (!m.group(1).isEmpty()) {
                replacement = m.group().substring(1);
            } else {
                String value = env.apply(m.group(2));
                if (value == null && m.group(3) == null) {
                    throw new ConfigException(String.format(
                            "%s line %d, column %d: the environment variable %s is not set: export %s=..., or give a default"
                                    + " as ${%s:-value}",
                            name, lineNumber, m.start() + 1, m.group(2), m.group(2), m.group(2)));
                }
                replacement = value != null ? value : m.group(3);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Where a YAML comment starts on {@code line} (outside quotes), or the line's length. */
    private static int commentStart(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return i;
            }
        }
        return line.length();
    }
}
