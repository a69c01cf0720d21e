package dev.labelpanel.simulator.server;

/** An OpenAI-style error response: HTTP status plus {@code {"error": {message, type, param, code}}}. */
record ApiError(int status, String message, String type, String param, String code) {

    static ApiError badRequest(String message, String param) {
        return new ApiError(400, message, "invalid_request_error", param, null);
    }

    static ApiError unauthorized(String message) {
        return new ApiError(401, message, "invalid_request_error", null, "invalid_api_key");
    }

    static ApiError modelNotFound(String model) {
        return new ApiError(
                404,
                "The model `" + model + "` does not exist or you do not have access to it (simulated models only).",
                "invalid_request_error",
                "model",
                "model_not_found");
    }

    static ApiError notFound(String path) {
        return new ApiError(404, "Unknown request URL: " + path, "invalid_request_error", null, "unknown_url");
    }

    /** No {@code kind} object (File, Batch) with {@code id}: 404 with {@code code}. */
    static ApiError noSuchObject(String kind, String id, String code) {
        return new ApiError(404, "No such " + kind + " object: " + id, "invalid_request_error", "id", code);
    }

    static ApiError methodNotAllowed(String method, String path) {
        return new ApiError(
                405,
                "Method " + method + " is not allowed on " + path,
                "invalid_request_error",
                null,
                "method_not_allowed");
    }

    static ApiError rateLimited(String message) {
        return new ApiError(429, message, "requests", null, "rate_limit_exceeded");
    }

    static ApiError serverError() {
        return new ApiError(
                500,
                "The server had an error while processing your request. Sorry about that! (simulated)",
                "server_error",
                null,
                null);
    }

    static ApiError unavailable() {
        return new ApiError(
                503,
                "The engine is currently overloaded, please try again later. (simulated)",
                "server_error",
                null,
                null);
    }
}
