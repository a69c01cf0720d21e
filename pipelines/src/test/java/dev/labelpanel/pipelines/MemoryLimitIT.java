package dev.labelpanel.pipelines;

import static dev.labelpanel.pipelines.RunFixture.POOLS;
import static dev.labelpanel.pipelines.RunFixture.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's memory defaults, through the repository's own {@code ./labelpanel} script (a copy beside the
 * packaged jar, so it never starts a build): the heap is half of the machine's memory unless
 * {@code LABELPANEL_JAVA_OPTS} says otherwise, and a run whose heap is far too small fails within minutes with a
 * message that says what to raise, instead of collecting garbage for as long as it is let.
 */
class MemoryLimitIT {

    @TempDir
    static Path tmp;

    record Run(int exit, String output, long seconds) {}

    /** {@code ./labelpanel args...} with {@code javaOpts} as LABELPANEL_JAVA_OPTS; killed after {@code limitMinutes}. */
    private static Run launcher(String javaOpts, int limitMinutes, String... args) throws Exception {
        Path copy = tmp.resolve("launcher");
        if (!Files.exists(copy.resolve("labelpanel"))) {
            Files.createDirectories(copy.resolve("pipelines/target"));
            Files.copy(ROOT.resolve("labelpanel"), copy.resolve("labelpanel"));
            Files.createSymbolicLink(
                    copy.resolve("pipelines/target").resolve(RunFixture.JAR.getFileName()), RunFixture.JAR);
        }
        List<String> command =
                new ArrayList<>(List.of("bash", copy.resolve("labelpanel").toString()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(tmp, "labelpanel", ".log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + env.get("PATH"));
        env.put("LABELPANEL_JAVA_OPTS", javaOpts);
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("JDK_JAVA_OPTIONS");
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(limitMinutes, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("labelpanel " + String.join(" ", args) + " with LABELPANEL_JAVA_OPTS='" + javaOpts
                    + "' was still running after " + limitMinutes + " minutes; last output:\n"
                    + tail(Files.readString(log)));
        }
        return new Run(process.exitValue(), Files.readString(log), (System.nanoTime() - start) / 1_000_000_000L);
    }

    private static String flag(String output, String name) {
        Matcher m = Pattern.compile("\\s" + name + "\\s+=\\s+(\\S+)").matcher(output);
        assertTrue(m.find(), "no " + name + " in -XX:+PrintFlagsFinal output");
        return m.group(1);
    }

    @Test
    void heapIsHalfTheMachineWithTheParallelCollectorUnlessTheUserSaysOtherwise() throws Exception {
        Run defaults = launcher("-XX:+PrintFlagsFinal", 2, "--version");
        assertEquals(0, defaults.exit(), defaults.output());
        assertEquals("50.000000", flag(defaults.output(), "MaxRAMPercentage"));
        assertEquals("true", flag(defaults.output(), "UseParallelGC"));

        Run explicit = launcher("-Xmx300m -XX:+UseG1GC -XX:+PrintFlagsFinal", 2, "--version");
        assertEquals(0, explicit.exit(), explicit.output());
        assertEquals(Long.toString(300L << 20), flag(explicit.output(), "MaxHeapSize"));
        assertEquals("true", flag(explicit.output(), "UseG1GC"));
        assertEquals("false", flag(explicit.output(), "UseParallelGC"));
    }

    @Test
    void aHeapFarTooSmallFailsFastAndSaysWhatToRaise() throws Exception {
        assumeTrue(Files.isDirectory(POOLS), "skipped: the CensorChat pools are not at " + POOLS);
        // The real pools (15,379 records, 18,067 unique items), labeled by the embedded simulator at zero latency.
        Path config = tmp.resolve("censorchat.yaml");
        StringBuilder yaml = new StringBuilder("input: {paths: ['" + POOLS + "/*.json']}\n");
        yaml.append("simulator: {profile: '")
                .append(ROOT.resolve("configs/simulator/bench.yaml"))
                .append("', latency_scale: 0}\nlabelers:\n");
        for (String model :
                List.of("llama-7b", "mistral-7b", "qwen-7b", "vicuna-7b", "filler-large", "calibrator-best")) {
            yaml.append("  - {name: ")
                    .append(model.substring(0, model.indexOf('-')))
                    .append(", base_url: simulator,")
                    .append(" model: sim-")
                    .append(model)
                    .append(", max_concurrency: 32}\n");
        }
        yaml.append("roles: {panel: [llama, mistral, qwen, vicuna], filler: filler, calibrator: calibrator}\n");
        Files.writeString(config, yaml);

        Run run = launcher("-Xmx48m", 8, ChildProcess.runArgs(config, tmp.resolve("out"), "--no-cache", "--quiet"));

        assertEquals(1, run.exit(), run.output());
        Matcher message = Pattern.compile("labelpanel ran out of memory \\(Java heap limit (\\d+) MB\\)")
                .matcher(run.output());
        assertTrue(message.find(), run.output());
        long heapMb = Long.parseLong(message.group(1));
        assertTrue(heapMb >= 40 && heapMb <= 48, "the user's -Xmx48m, not the default share, was the limit: " + heapMb);
        assertTrue(run.output().contains("LABELPANEL_JAVA_OPTS=-Xmx"), run.output());
        assertFalse(Files.exists(tmp.resolve("out/run-summary.json")), "a run that ran out of memory wrote no summary");
        System.out.printf(
                "MemoryLimitIT: -Xmx48m on the CensorChat pools failed after %d s with:%n%s%n",
                run.seconds(), run.output().substring(message.start()));
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
    }
}
