package dev.labelpanel.simulator.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Checks {@code Authorization: Bearer <key>} when the profile requires a key. The header is never logged. */
final class ApiKeyCheck {
    private final byte[] expected;

    /** {@code key} null means no key is required. */
    ApiKeyCheck(String key) {
        this.expected = key == null ? null : ("Bearer " + key).getBytes(StandardCharsets.UTF_8);
    }

    void check(String authorization) throws ApiException {
        if (expected == null) {
            return;
        }
        if (authorization == null) {
            throw new ApiException(ApiError.unauthorized(
                    "You didn't provide an API key. Send it as 'Authorization: Bearer YOUR_KEY' (simulated server)."));
        }
        if (!MessageDigest.isEqual(expected, authorization.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(ApiError.unauthorized("Incorrect API key provided (simulated server)."));
        }
    }
}
