package dev.labelpanel.transforms.llm;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The style {@code constrain: auto} uses on each endpoint: the first of {@link Constraint#autoStyles()} the endpoint has
 * not rejected. An HTTP 400 that names the style's request field moves the endpoint on to the next style, for the rest
 * of the run; the first answer in a later style logs one WARNING naming the labeler and the style chosen. Per JVM and keyed by endpoint, like {@link
 * LlmClients}, so the many labeler instances of a worker learn it once.
 */
final class AutoConstraint {
    private static final Logger LOG = LoggerFactory.getLogger(AutoConstraint.class);
    private static final List<Constraint> STYLES = Constraint.autoStyles();
    private static final ConcurrentMap<LlmEndpoint, Constraint> CURRENT = new ConcurrentHashMap<>();
    private static final Set<LlmEndpoint> WARNED = ConcurrentHashMap.newKeySet();

    private AutoConstraint() {}

    /** The style {@code endpoint}'s auto labeler uses now. */
    static Constraint current(LlmEndpoint endpoint) {
        return CURRENT.getOrDefault(endpoint, STYLES.get(0));
    }

    /** The styles from {@code style} on, in the order auto tries them. */
    static List<Constraint> from(Constraint style) {
        return STYLES.subList(STYLES.indexOf(style), STYLES.size());
    }

    /** Whether a 400's {@code message} names a request field of {@code style}: the endpoint rejects the style. */
    static boolean rejects(LlmConfigurationException e, Constraint style) {
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        return e.status() == 400 && style.requestFields().stream().anyMatch(message::contains);
    }

    /** Moves {@code endpoint} on to {@code style} if it is later than its current one; returns the current style. */
    static Constraint use(LlmEndpoint endpoint, Constraint style) {
        return CURRENT.merge(endpoint, style, (old, next) -> STYLES.indexOf(next) > STYLES.indexOf(old) ? next : old);
    }

    /**
     * Says once per endpoint, as a WARNING, that its labeler answers in {@code style}, a later one than auto's first:
     * after the endpoint rejected the styles before it, or ({@code fromCache}) as its cached answers were given.
     */
    static void answeredIn(LlmEndpoint endpoint, Constraint style, boolean fromCache) {
        if (style == STYLES.get(0) || !WARNED.add(endpoint)) {
            return;
        }
        String why = fromCache
                ? "its cached answers were given with constrain: " + style.wireName()
                : "the endpoint rejected constrain: "
                        + String.join(
                                ", ",
                                STYLES.subList(0, STYLES.indexOf(style)).stream()
                                        .map(Constraint::wireName)
                                        .toList())
                        + " (HTTP 400 naming the request field)";
        LOG.warn(
                "Labeler {} (constrain: auto): {}; it uses constrain: {} for the rest of the run",
                endpoint.name(),
                why,
                style.wireName());
    }
}
