package dev.labelpanel.transforms.read;

import dev.labelpanel.transforms.failures.FailureCategory;
import dev.labelpanel.transforms.failures.InvalidRecordException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Maps the speaker names used by OpenAI, ShareGPT and CSV logs onto labelpanel's roles. */
public final class Roles {
    public static final String USER = "user";
    public static final String BOT = "bot";
    public static final String SYSTEM = "system";
    /** The speaker of a bare {@code {"text": ...}} record, which does not say who spoke. */
    public static final String UNKNOWN = "unknown";

    /** Each role's speaker names. */
    private static final Map<String, List<String>> NAMES = Map.of(
            USER, List.of("user", "human"),
            BOT, List.of("bot", "assistant", "gpt", "chatgpt", "model", "bard", "bing"),
            // Tool and function messages are spoken by neither party; like system turns they are not labeled.
            SYSTEM, List.of("system", "developer", "tool", "function"));

    private static final Map<String, String> ALIASES = NAMES.entrySet().stream()
            .flatMap(role -> role.getValue().stream().map(name -> Map.entry(name, role.getKey())))
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

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
