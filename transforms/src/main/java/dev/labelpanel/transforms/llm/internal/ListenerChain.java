package dev.labelpanel.transforms.llm.internal;

import dev.labelpanel.transforms.llm.ChatResult;
import dev.labelpanel.transforms.llm.FailureReason;
import dev.labelpanel.transforms.llm.LlmCallException;
import dev.labelpanel.transforms.llm.LlmCallListener;
import dev.labelpanel.transforms.llm.LlmEndpoint;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's own DEBUG log of each call, then the caller's listener. A listener that throws is a bug in the
 * listener; it is logged with its stack trace and must not leave a call's future incomplete.
 */
final class ListenerChain implements LlmCallListener {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerChain.class);

    private final LlmCallListener user;

    private ListenerChain(LlmCallListener user) {
        this.user = user;
    }

    static LlmCallListener of(LlmCallListener user) {
        return new ListenerChain(user == null ? LlmCallListener.NONE : user);
    }

    @Override
    public void callStart(LlmEndpoint endpoint) {
        guard(endpoint, () -> user.callStart(endpoint));
    }

    @Override
    public void attemptFailed(
            LlmEndpoint endpoint, int attempt, FailureReason reason, int status, boolean willRetry, Duration delay) {
        LOG.debug(
                "endpoint {}: attempt {} failed ({}, status {}); {}",
                endpoint.name(),
                attempt,
                reason.category(),
                status,
                willRetry ? "retrying in " + delay.toMillis() + " ms" : "giving up");
        guard(endpoint, () -> user.attemptFailed(endpoint, attempt, reason, status, willRetry, delay));
    }

    @Override
    public void callSuccess(LlmEndpoint endpoint, ChatResult result) {
        LOG.debug("endpoint {}: call succeeded: {}", endpoint.name(), result);
        guard(endpoint, () -> user.callSuccess(endpoint, result));
    }

    @Override
    public void callFailed(LlmEndpoint endpoint, LlmCallException failure) {
        LOG.debug("endpoint {}: call failed: {}", endpoint.name(), failure.getMessage());
        guard(endpoint, () -> user.callFailed(endpoint, failure));
    }

    private static void guard(LlmEndpoint endpoint, Runnable hook) {
        try {
            hook.run();
        } catch (RuntimeException e) {
            LOG.warn("LlmCallListener for endpoint {} threw; the call goes on", endpoint.name(), e);
        }
    }
}
