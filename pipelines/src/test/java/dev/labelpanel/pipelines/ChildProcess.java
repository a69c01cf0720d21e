package dev.labelpanel.pipelines;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A program run to its end in a child process (the fat jar, Chromium), with its exit code, standard output and
 * standard error; both streams go to files in a test folder while it runs.
 */
record ChildProcess(int exit, String out, String err) {
    /** Runs {@code command} with {@code env} added to the environment; fails the test after {@code timeout}. */
    static ChildProcess run(List<String> command, Map<String, String> env, Path dir, Duration timeout)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(env);
        Process p = builder.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + timeout.toMinutes()
                    + " minutes:\n" + tail(Files.readString(err, StandardCharsets.UTF_8)));
        }
        return new ChildProcess(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** {@code labelpanel ARGS} from the fat jar in a child JVM with {@code jvmFlags}; see {@link #run}. */
    static ChildProcess labelpanel(Path dir, List<String> jvmFlags, String... args)
            throws IOException, InterruptedException {
        return run(labelpanelCommand(jvmFlags, args), Map.of(), dir, Duration.ofMinutes(10));
    }

    /** The arguments of {@code labelpanel run --config CONFIG --out OUT MORE...}. */
    static String[] runArgs(Path config, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("run", "--config", config.toString(), "--out", out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** The command line of {@code labelpanel ARGS} from the fat jar in a JVM with {@code jvmFlags}. */
    static List<String> labelpanelCommand(List<String> jvmFlags, String... args) {
        if (!Files.isRegularFile(RunFixture.JAR)) {
            throw new IllegalStateException(
                    "no fat jar at " + RunFixture.JAR + ": run mvn package (or verify) in pipelines first");
        }
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmFlags);
        command.addAll(List.of("-jar", RunFixture.JAR.toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** Standard output, then standard error: all that was printed. */
    String output() {
        return out + err;
    }

    /** The last 80 lines of {@code text}, without the Spark logger's line-length warnings. */
    static String tail(String text) {
        List<String> lines = text.lines()
                .filter(l -> !l.contains("exceeded the 80 characters length limit"))
                .toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }
}
