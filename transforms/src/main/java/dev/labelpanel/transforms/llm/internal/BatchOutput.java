package dev.labelpanel.transforms.llm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labelpanel.transforms.llm.ChatResult;
import dev.labelpanel.transforms.llm.internal.BatchApi.BatchState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * An ended batch's output and error files, read back by {@code custom_id}: for each request, its answer, an error
 * worth a retry, or nothing (the batch ended before the request ran: {@code expired}, {@code cancelled},
 * {@code failed}).
 */
final class BatchOutput {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What a batch says about one request. */
    sealed interface Outcome permits Answer, RequestError, Unanswered {}

    record Answer(ChatResult result) implements Outcome {}

    record RequestError(String message) implements Outcome {}

    record Unanswered() implements Outcome {}

    private final Map<String, JsonNode> lines;

    private BatchOutput(Map<String, JsonNode> lines) {
        this.lines = lines;
    }

    /** Downloads {@code state}'s output and error files (those it has). */
    static BatchOutput download(BatchApi api, BatchState state) throws IOException {
        Map<String, JsonNode> lines = new HashMap<>();
        for (String fileId : new String[] {state.outputFileId(), state.errorFileId()}) {
            if (fileId == null) {
                continue;
            }
            for (String text : new String(api.content(fileId), StandardCharsets.UTF_8).split("\n")) {
                if (!text.isBlank()) {
                    JsonNode line = MAPPER.readTree(text);
                    lines.put(line.path("custom_id").asText(), line);
                }
            }
        }
        return new BatchOutput(lines);
    }

    /** The outcome of the request {@code key}, sent {@code attempts} times, waited for {@code waitedMs}. */
    Outcome of(String key, int attempts, long waitedMs) {
        JsonNode line = lines.get(key);
        if (line == null) {
            return new Unanswered();
        }
        JsonNode response = line.path("response");
        int status = response.path("status_code").asInt(0);
        if (status == 200) {
            try {
                CompletionParser.Completion c =
                        CompletionParser.parse(response.path("body").toString());
                return new Answer(c.result(waitedMs, Math.max(1, attempts), false, false, false));
            } catch (CompletionParser.MalformedCompletionException e) {
                return new RequestError(e.getMessage());
            }
        }
        String code = line.path("error").path("code").asText("");
        if (code.equals("batch_expired") || code.equals("batch_cancelled")) {
            return new Unanswered();
        }
        String message = status != 0
                ? "HTTP " + status + " "
                        + CompletionParser.errorMessage(response.path("body").toString())
                : code + " " + line.path("error").path("message").asText("");
        return new RequestError(message.trim());
    }
}
