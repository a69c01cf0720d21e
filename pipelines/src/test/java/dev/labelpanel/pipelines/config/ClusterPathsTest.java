package dev.labelpanel.pipelines.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/** A cluster runner is not given paths that exist only on the launcher's disk. */
class ClusterPathsTest {
    private static Map<String, String> paths(String input, String out) {
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put("input.paths[0]", input);
        paths.put("output", out);
        paths.put("previous", null);
        return paths;
    }

    @Test
    void aClusterRunnerRefusesLocalPathsNamingThemAndTheSwitch() {
        String message = ClusterPaths.refusal(paths("/data/in/*.jsonl", "/data/out"), "FlinkRunner", "jm:8081", false);
        assertTrue(
                message.startsWith("local paths on FlinkRunner (--flinkMaster=jm:8081): input.paths[0]"
                        + " /data/in/*.jsonl, output /data/out."),
                message);
        assertTrue(message.contains("--sharedPaths=true"), message);
        String dataflow = ClusterPaths.refusal(paths("gs://b/in/*.jsonl", "/tmp/out"), "DataflowRunner", null, false);
        assertTrue(dataflow.startsWith("local paths on DataflowRunner: output /tmp/out."), dataflow);
        assertTrue(ClusterPaths.refusal(paths("/in/x", "/out"), "SparkRunner", null, false)
                .contains("(--sparkMaster=its default)"));
        assertTrue(ClusterPaths.refusal(paths("/in/x", "/out"), "FlinkRunner", "[auto]", false) != null);
    }

    @Test
    void localMastersTheSharedPathsSwitchAndUrisAreAccepted() {
        assertNull(ClusterPaths.refusal(paths("/in/x", "/out"), "DirectRunner", null, false));
        assertNull(ClusterPaths.refusal(paths("/in/x", "/out"), "FlinkRunner", "[local]", false));
        assertNull(ClusterPaths.refusal(paths("/in/x", "/out"), "SparkRunner", "local[2]", false));
        assertNull(ClusterPaths.refusal(paths("/in/x", "/out"), "SparkRunner", "spark://m:7077", true));
        assertNull(ClusterPaths.refusal(paths("gs://b/in/x", "gs://b/out"), "DataflowRunner", null, false));
    }

    /** Stands for a runner's options interface, which is not on this module's class path. */
    public interface MasterOptions extends PipelineOptions {
        String getFlinkMaster();

        void setFlinkMaster(String master);
    }

    @Test
    void theMasterIsReadFromTheOptionsWithoutTheRunnersClasses() {
        PipelineOptionsFactory.register(MasterOptions.class);
        PipelineOptions options =
                PipelineOptionsFactory.fromArgs("--flinkMaster=[local]").create();
        assertEquals("[local]", ClusterPaths.optionValue(options, "flinkMaster"));
        assertNull(ClusterPaths.optionValue(PipelineOptionsFactory.create(), "flinkMaster"));
        ConfigException e = assertThrows(
                ConfigException.class, () -> ClusterPaths.require(paths("/in/x", "/out"), fakeCluster(), false));
        assertTrue(e.getMessage().startsWith("local paths on FakeClusterRunner: input.paths[0] /in/x"), e.getMessage());
        ClusterPaths.require(paths("/in/x", "/out"), fakeCluster(), true);
    }

    private static PipelineOptions fakeCluster() {
        PipelineOptions options = PipelineOptionsFactory.create();
        options.setRunner(FakeClusterRunner.class);
        return options;
    }

    /** A runner by a name labelpanel does not know to be local. */
    public static final class FakeClusterRunner
            extends org.apache.beam.sdk.PipelineRunner<org.apache.beam.sdk.PipelineResult> {
        public static FakeClusterRunner fromOptions(PipelineOptions options) {
            return new FakeClusterRunner();
        }

        @Override
        public org.apache.beam.sdk.PipelineResult run(org.apache.beam.sdk.Pipeline pipeline) {
            throw new UnsupportedOperationException("never run");
        }
    }
}
