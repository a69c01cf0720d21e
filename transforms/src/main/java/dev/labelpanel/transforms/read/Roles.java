package dev.labelpanel.transforms.read;

import dev.labelpanel.transforms.failures.FailureCategory;
import dev.labelpanel.transforms.failures.InvalidRecordException;
import java.util.Locale;
import java.util.Map;

/** Maps the speaker names used by OpenAI, ShareGPT and CSV logs onto labelpanel's roles. */
public final class Roles {
    public static final String USER = "user";
    public static final String BOT = "bot";
    public static final String SYSTEM = "system";
    /** The speaker of a bare {@code {"text": ...}} record, which does not say who spoke. */
    public static final String UNKNOWN = "unknown";

    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("user", USER),
            Map.entry("human", USER),
            Map.entry("bot", BOT),
            Map.entry("assistant", BOT),
            Map.entry("gpt", BOT),
            Map.entry("chatgpt", BOT),
            Map.entry("model", BOT),
            Map.entry("bard", BOT),
            Map.entry("bing", BOT),
            Map.entry("system", SYSTEM),
            Map.entry("developer", SYSTEM),
            // Tool and function messages are spoken by neither party; like system turns they are not labeled.
            Map.entry("tool", SYSTEM),
            Map.entry("function", SYSTEM));

    private Roles() {}

    /** The role for {@code name}, case-insensitively; {@code field} names where it came from for the error. */
    public static String of(String name, String field) throws InvalidRecordException {
        String role = name == null ? null : ALIASES.get(name.trim().toLowerCase(Locale.ROOT));
        if (role == null) {
            throw new InvalidRecordException(
                    FailureCategory.UNKNOWN_ROLE,
                    String.format(
                            "%s is '%s', which is not a known speaker (user, human, assistant, gpt, bot, model, system, tool)",
                            field, name));
        }
        return role;
    }
}
