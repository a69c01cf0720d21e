package dev.labelpanel.pipelines.config;

import dev.labelpanel.transforms.llm.cache.CacheMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Checks a config without running anything ({@code labelpanel validate}): that it parses (unknown keys, types,
 * ratios), that its labeling part makes sense (roles, labelers, templates, vote rule), that every input glob matches
 * a file, that the simulator profile exists, that {@code incremental.previous} is an earlier output, and that every
 * {@code api_key_env} variable is set. Problems are collected, one message each, rather than stopping at the first
 * where the checks are independent.
 */
public final class ConfigCheck {
    /** A stand-in URL for {@code base_url: simulator} while checking: no simulator is started. */
    private static final String SIMULATOR_PLACEHOLDER = "http://127.0.0.1:1/v1";

    private final Function<String, String> env;

    private ConfigCheck(Function<String, String> env) {
        this.env = env;
    }

    /** A check that reads environment variables with {@code env} (null when unset); {@code System::getenv} in use. */
    public static ConfigCheck withEnvironment(Function<String, String> env) {
        return new ConfigCheck(env);
    }

    /** The result: the config when it could be read, and every problem found. */
    public record Result(RunConfig config, List<String> problems) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    public Result check(Path file) {
        RunConfig config;
        try {
            config = ConfigLoader.load(file, env);
        } catch (ConfigException e) {
            return new Result(null, List.of(e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        if (config.hasLabeling() || config.roles() != null) {
            try {
                String simulatorUrl = config.simulator() == null ? null : SIMULATOR_PLACEHOLDER;
                LabelingPlan.of(config, simulatorUrl, CacheMode.OFF);
            } catch (ConfigException | IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
        for (String glob : config.input().paths()) {
            try {
                if (!InputPaths.unmatched(List.of(glob)).isEmpty()) {
                    problems.add(
                            "input.paths: '" + glob + "' matches no file: check the path (relative paths are resolved"
                                    + " against the config file's folder)");
                }
            } catch (ConfigException e) {
                problems.add(e.getMessage());
            }
        }
        if (config.simulator() != null) {
            String profile = config.simulator().profile();
            if (profile == null) {
                problems.add(
                        "simulator.profile is missing: name a simulator profile such as simulator/panel-default.yaml");
            } else if (!Files.isRegularFile(Path.of(profile))) {
                problems.add("simulator.profile: '" + profile + "' does not exist");
            }
        }
        try {
            dev.labelpanel.pipelines.run.PreviousOutput.check(
                    config, config.output().dir());
        } catch (ConfigException e) {
            problems.add(e.getMessage());
        }
        Set<String> reported = new LinkedHashSet<>();
        for (LabelingConfig.Labeler l : config.labelers()) {
            String variable = l.apiKeyEnv();
            if (variable != null && !variable.isBlank()) {
                String value = env.apply(variable);
                if ((value == null || value.isBlank()) && reported.add(l.name())) {
                    problems.add(
                            "labeler '" + l.name() + "': api_key_env " + variable + " is not set: export " + variable
                                    + "=<your key> before running, or remove api_key_env if the endpoint needs no key");
                }
            }
        }
        return new Result(config, List.copyOf(problems));
    }
}
