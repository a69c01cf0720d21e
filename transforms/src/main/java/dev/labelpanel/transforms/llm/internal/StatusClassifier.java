package dev.labelpanel.transforms.llm.internal;

import dev.labelpanel.transforms.llm.FailureReason;
import dev.labelpanel.transforms.llm.LlmEndpoint;

/**
 * What an HTTP status means for a call: success, a transient failure worth retrying ({@link FailureReason}), or a
 * refusal that every retry would repeat, which gets a message telling the user what to fix.
 */
final class StatusClassifier {
    private StatusClassifier() {}

    /** The transient reason for {@code status}, or null if it is success or fatal. */
    static FailureReason transientReason(int status) {
        return switch (status) {
            case 408 -> FailureReason.TIMEOUT;
            case 429 -> FailureReason.RATE_LIMITED;
            case 500, 502, 503, 504 -> FailureReason.SERVER_ERROR;
            default -> status >= 500 && status != 501 && status != 505 ? FailureReason.SERVER_ERROR : null;
        };
    }

    /** The user-facing message for a fatal status; {@code serverMessage} must already be redacted. */
    static String fatalMessage(LlmEndpoint endpoint, String url, int status, String serverMessage) {
        String who = "endpoint " + endpoint.name() + " (" + url + ")";
        String server = serverMessage.isEmpty() ? "" : " Server said: " + serverMessage;
        return switch (status) {
            case 401, 403 ->
                endpoint.apiKeyEnv() == null
                        ? who + " requires an API key (HTTP " + status
                                + ") but none is configured: set apiKeyEnv to the name of"
                                + " the environment variable that holds it"
                        : who + " refused the API key (HTTP " + status + "): check the environment variable "
                                + endpoint.apiKeyEnv();
            case 404 ->
                who + " answered HTTP 404: model '" + endpoint.model() + "' or the URL was not found; check the"
                        + " model name and baseUrl." + server;
            case 400 ->
                who + " rejected the request as invalid (HTTP 400) for model '" + endpoint.model()
                        + "'; check the generation parameters." + server;
            default -> who + " answered HTTP " + status + ", which is not retried." + server;
        };
    }
}
