package dev.labelpanel.pipelines.validate;

import dev.labelpanel.pipelines.config.ConfigCheck;
import dev.labelpanel.pipelines.config.RunConfig;
import dev.labelpanel.pipelines.run.EmbeddedSimulator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What {@code labelpanel validate} does: the offline {@link ConfigCheck} and, when asked and the config is valid,
 * an {@link EndpointPing} of every endpoint (starting the embedded simulator for {@code base_url: simulator}) and,
 * with {@code cache.store: redis}, a {@code PING} of the Redis cache.
 */
public final class ConfigValidation {
    private ConfigValidation() {}

    /** Problems (each a message for people) and the ping outcomes, if pinged. */
    public record Report(
            Path config, List<String> problems, List<EndpointPing.Outcome> pings, EndpointPing.Outcome cachePing) {
        public boolean valid() {
            return problems.isEmpty();
        }

        /** The report for stdout; the problems themselves go to stderr. */
        public String render() {
            StringBuilder s = new StringBuilder();
            if (!pings.isEmpty()) {
                s.append("endpoints\n");
                pings.forEach(p -> s.append(p.render()).append('\n'));
            }
            if (cachePing != null) {
                s.append("cache\n").append(cachePing.render()).append('\n');
            }
            s.append(valid() ? config + ": valid\n" : config + ": " + problems.size() + " problem(s)\n");
            return s.toString();
        }
    }

    public static Report validate(Path file, Function<String, String> env, boolean ping) {
        ConfigCheck.Result result = ConfigCheck.withEnvironment(env).check(file);
        List<String> problems = new ArrayList<>(result.problems());
        List<EndpointPing.Outcome> pings = List.of();
        EndpointPing.Outcome cachePing = null;
        if (ping && result.valid()) {
            RunConfig config = result.config();
            if (!config.hasLabeling()) {
                problems.add("--ping: the config has no labelers, so there is nothing to ping");
            } else if (config.simulator() != null) {
                try (EmbeddedSimulator simulator = EmbeddedSimulator.start(config.simulator())) {
                    pings = EndpointPing.ping(config, simulator.baseUrl());
                }
            } else {
                pings = EndpointPing.ping(config, null);
            }
            for (EndpointPing.Outcome o : pings) {
                if (!o.ok()) {
                    problems.add("endpoint " + o.url() + " (model " + o.model() + ", labelers " + o.labelers()
                            + ") failed the" + " ping: " + o.error());
                }
            }
            if (config.cache().redis()) {
                cachePing = EndpointPing.pingCache(config.cache().redisStore(), env);
                if (!cachePing.ok()) {
                    problems.add("the response cache failed the ping: " + cachePing.error());
                }
            }
        }
        return new Report(file, List.copyOf(problems), pings, cachePing);
    }
}
