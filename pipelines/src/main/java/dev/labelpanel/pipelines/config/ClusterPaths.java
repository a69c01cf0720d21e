package dev.labelpanel.pipelines.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Refuses local paths a cluster's workers cannot see. A job on Flink, Spark or Dataflow is built in the launcher
 * but read and written by workers on other machines: a local path ({@code /data/in/*.jsonl}, no {@code scheme://})
 * that exists only on the launcher's disk matches nothing there, and the run would end "successfully" with an
 * empty dataset. So with a cluster runner, local {@code input.paths}, output and previous folders are an error
 * unless the runner runs in the launcher's JVM (Flink {@code --flinkMaster=[local]} or {@code [collection]},
 * Spark {@code --sparkMaster=local...}) or the user says they are on a mount every worker has at the same path
 * ({@code --sharedPaths=true}: NFS, a Kubernetes ReadWriteMany volume, a FUSE-mounted bucket).
 */
public final class ClusterPaths {
    /** Runners that run the job in the launcher's JVM. */
    private static final Set<String> LOCAL_RUNNERS = Set.of("DirectRunner", "TestDirectRunner", "PrismRunner");
    /** The option that names each cluster runner's master, when it has one. */
    private static final Map<String, String> MASTER_OPTION =
            Map.of("FlinkRunner", "flinkMaster", "SparkRunner", "sparkMaster");

    private ClusterPaths() {}

    /**
     * Throws a {@link ConfigException} when {@code options}' runner runs on other machines and {@code paths} (each
     * as {@code key: path}) holds a local path, unless {@code sharedPaths}.
     */
    public static void require(Map<String, String> paths, PipelineOptions options, boolean sharedPaths) {
        String runner = options.getRunner().getSimpleName();
        String masterOption = MASTER_OPTION.get(runner);
        String master = masterOption == null ? null : optionValue(options, masterOption);
        String refusal = refusal(paths, runner, master, sharedPaths);
        if (refusal != null) {
            throw new ConfigException(refusal);
        }
    }

    /** The error for these paths on {@code runner} with {@code master} (null: not set), or null when they are fine. */
    static String refusal(Map<String, String> paths, String runner, String master, boolean sharedPaths) {
        if (sharedPaths || LOCAL_RUNNERS.contains(runner) || runsInLauncher(runner, master)) {
            return null;
        }
        List<String> local = new ArrayList<>();
        paths.forEach((key, path) -> {
            if (path != null && !InputPaths.hasScheme(path)) {
                local.add(key + " " + path);
            }
        });
        if (local.isEmpty()) {
            return null;
        }
        String where = MASTER_OPTION.containsKey(runner)
                ? " (--" + MASTER_OPTION.get(runner) + "=" + (master == null ? "its default" : master) + ")"
                : "";
        return "local paths on " + runner + where + ": " + String.join(", ", local)
                + ". The workers of a cluster runner"
                + " read and write on their own machines, where a path on the launcher's disk matches nothing. Use paths"
                + " every worker reaches (gs://... with the Dataflow jar), or, if these are on a mount every worker has at"
                + " the same path (NFS, a ReadWriteMany volume), pass --sharedPaths=true";
    }

    private static boolean runsInLauncher(String runner, String master) {
        if (master == null) {
            return false;
        }
        return switch (runner) {
            case "FlinkRunner" -> master.equals("[local]") || master.equals("[collection]");
            case "SparkRunner" -> master.equals("local") || master.startsWith("local[");
            default -> false;
        };
    }

    /** The value of a runner's option as set on the command line (null when not set), read without its class. */
    static String optionValue(PipelineOptions options, String name) {
        JsonNode value = new ObjectMapper().valueToTree(options).path("options").path(name);
        return value.isTextual() ? value.asText() : null;
    }
}
