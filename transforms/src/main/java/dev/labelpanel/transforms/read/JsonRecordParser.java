package dev.labelpanel.transforms.read;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labelpanel.schemas.Dialogue;
import dev.labelpanel.schemas.Turn;
import dev.labelpanel.transforms.failures.FailureCategory;
import dev.labelpanel.transforms.failures.InvalidRecordException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Turns one JSON record into a {@link Dialogue}. Supported shapes, tried in this order:
 *
 * <ul>
 *   <li>OpenAI chat: {@code {"messages": [{"role": ..., "content": ...}]}} (content may be a list of text parts);
 *   <li>ShareGPT: {@code {"conversations": [{"from": ..., "value": ...}]}};
 *   <li>CensorChat pair: {@code {"dialogue": {"user": ..., "bot": ...}}};
 *   <li>CensorChat utterance: {@code {"text": ...}}, speaker {@code unknown} unless a {@code role} field says.
 * </ul>
 *
 * An {@code id} field, when present, becomes the dialogue id; otherwise the id is {@code <file name>#<record>}.
 */
final class JsonRecordParser {
    private final TextRules textRules;

    JsonRecordParser(TextRules textRules) {
        this.textRules = textRules;
    }

    Dialogue parse(JsonNode record, String sourceFile, long recordNumber) throws InvalidRecordException {
        if (!record.isObject()) {
            throw new InvalidRecordException(
                    FailureCategory.UNKNOWN_SHAPE,
                    "a record must be a JSON object but this one is "
                            + record.getNodeType().name().toLowerCase());
        }
        List<Turn> turns;
        if (record.has("messages")) {
            turns = listTurns(record.get("messages"), "messages", "role", "content", true);
        } else if (record.has("conversations")) {
            turns = listTurns(record.get("conversations"), "conversations", "from", "value", false);
        } else if (record.has("dialogue")) {
            turns = pairTurns(record.get("dialogue"));
        } else if (record.has("text")) {
            String role =
                    record.hasNonNull("role") ? Roles.of(record.get("role").asText(), "role") : Roles.UNKNOWN;
            turns = List.of(turn(role, textOf(record.get("text"), "text")));
        } else {
            throw new InvalidRecordException(
                    FailureCategory.UNKNOWN_SHAPE,
                    "the record has none of the fields messages, conversations, dialogue, text; its fields are "
                            + fieldNames(record));
        }
        return Dialogue.newBuilder()
                .setId(idOf(record, sourceFile, recordNumber))
                .setSourceFile(sourceFile)
                .setRecordNumber(recordNumber)
                .setRecordCount(1)
                .setTurns(turns)
                .build();
    }

    /**
     * The turns of a list of messages, each with a role and a text field: OpenAI ({@code role}, {@code content}, which
     * may be a list of text parts) or ShareGPT ({@code from}, {@code value}, a string).
     */
    private List<Turn> listTurns(JsonNode list, String field, String roleField, String textField, boolean textParts)
            throws InvalidRecordException {
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < arrayOf(list, field).size(); i++) {
            JsonNode message = list.get(i);
            String where = field + "[" + i + "]";
            String role = Roles.of(stringOrNull(message.get(roleField)), where + "." + roleField);
            JsonNode text = message.get(textField);
            String textWhere = where + "." + textField;
            turns.add(turn(role, textParts ? contentOf(text, textWhere) : textOf(text, textWhere)));
        }
        return nonEmpty(turns, field);
    }

    private List<Turn> pairTurns(JsonNode dialogue) throws InvalidRecordException {
        if (dialogue == null || !dialogue.isObject()) {
            throw new InvalidRecordException(
                    FailureCategory.UNKNOWN_SHAPE, "dialogue must be an object with user and bot fields");
        }
        return List.of(
                turn(Roles.USER, textOf(dialogue.get("user"), "dialogue.user")),
                turn(Roles.BOT, textOf(dialogue.get("bot"), "dialogue.bot")));
    }

    /** OpenAI content: a string, or a list of parts whose text parts are joined by newlines. */
    private String contentOf(JsonNode content, String where) throws InvalidRecordException {
        if (content != null && content.isArray()) {
            StringBuilder joined = new StringBuilder();
            for (JsonNode part : content) {
                if ("text".equals(stringOrNull(part.get("type"))) && part.hasNonNull("text")) {
                    if (joined.length() > 0) {
                        joined.append('\n');
                    }
                    joined.append(part.get("text").asText());
                }
            }
            return textRules.check(joined.toString(), where);
        }
        return textOf(content, where);
    }

    private String textOf(JsonNode node, String where) throws InvalidRecordException {
        if (node != null && !node.isNull() && !node.isTextual()) {
            throw new InvalidRecordException(
                    FailureCategory.MISSING_TEXT,
                    where + " must be a string but is "
                            + node.getNodeType().name().toLowerCase());
        }
        return textRules.check(stringOrNull(node), where);
    }

    private static Turn turn(String role, String text) {
        return Turn.newBuilder().setRole(role).setText(text).build();
    }

    private static JsonNode arrayOf(JsonNode node, String field) throws InvalidRecordException {
        if (node == null || !node.isArray()) {
            throw new InvalidRecordException(FailureCategory.UNKNOWN_SHAPE, field + " must be a JSON array");
        }
        return node;
    }

    private static List<Turn> nonEmpty(List<Turn> turns, String field) throws InvalidRecordException {
        if (turns.isEmpty()) {
            throw new InvalidRecordException(FailureCategory.EMPTY_DIALOGUE, field + " is an empty list: no turns");
        }
        return turns;
    }

    private static String stringOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static String idOf(JsonNode record, String sourceFile, long recordNumber) {
        JsonNode id = record.get("id");
        if (id != null && (id.isTextual() || id.isNumber()) && !id.asText().isBlank()) {
            return id.asText();
        }
        return fileName(sourceFile) + "#" + recordNumber;
    }

    static String fileName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    private static String fieldNames(JsonNode record) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = record.fieldNames();
        while (it.hasNext() && names.size() < 10) {
            names.add(it.next());
        }
        return names.isEmpty() ? "(none)" : String.join(", ", names) + (it.hasNext() ? ", ..." : "");
    }
}
