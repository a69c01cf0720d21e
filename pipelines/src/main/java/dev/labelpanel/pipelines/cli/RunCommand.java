package dev.labelpanel.pipelines.cli;

import dev.labelpanel.pipelines.config.ConfigException;
import dev.labelpanel.pipelines.config.ConfigLoader;
import dev.labelpanel.pipelines.config.LabelingConfig;
import dev.labelpanel.pipelines.config.RunConfig;
import dev.labelpanel.pipelines.report.OutputReport;
import dev.labelpanel.pipelines.report.ProgressReporter;
import dev.labelpanel.pipelines.report.RunHealth;
import dev.labelpanel.pipelines.report.RunSummary;
import dev.labelpanel.pipelines.report.RunTiming;
import dev.labelpanel.pipelines.run.BatchSection;
import dev.labelpanel.pipelines.run.EmbeddedSimulator;
import dev.labelpanel.pipelines.run.LabelPanelOptions;
import dev.labelpanel.pipelines.run.LabelPanelPipeline;
import dev.labelpanel.pipelines.run.ReplaceFile;
import dev.labelpanel.transforms.label.BatchMetrics;
import dev.labelpanel.transforms.llm.LlmClients;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code labelpanel run}: runs the job from a config and prints the run summary. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the dataset build described by a config file and prints its summary.",
            "Options it does not know (e.g. --flinkMaster=[local]) are passed to Apache Beam."
        })
final class RunCommand extends ConfigCommand {
    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (overrides output.dir).")
    String out;

    @Option(names = "--overwrite", description = "Replace a labelpanel output already in the output folder.")
    boolean overwrite;

    @Option(
            names = "--previous",
            paramLabel = "DIR",
            description =
                    "Incremental build: carry labels over from this earlier output (overrides incremental.previous);"
                            + " only new or changed items are labeled.")
    String previous;

    @Option(
            names = "--runner",
            paramLabel = "NAME",
            defaultValue = "DirectRunner",
            description = {
                "Beam runner: DirectRunner (default), FlinkRunner (e.g. --flinkMaster=[local] --parallelism=2),",
                "SparkRunner (e.g. --sparkMaster=local[2]). ./labelpanel runs the jar that has the runner."
            })
    String runner;

    @Option(names = "--quiet", description = "No progress lines on stderr.")
    boolean quiet;

    @Option(names = "--no-cache", description = "Neither read nor write the response cache.")
    boolean noCache;

    @Option(
            names = "--refresh-cache",
            description = "Ask the endpoints again for every prompt and replace the cached answers.")
    boolean refreshCache;

    @Option(
            names = "--watch",
            description = {
                "Keep running: read new files as they appear in input.paths and write each window of them to"
                        + " <out>/windows/<start>_<end>/; SIGTERM or Ctrl-C stops after finishing the open windows."
            })
    boolean watch;

    @Option(
            names = "--poll-interval",
            paramLabel = "DURATION",
            description = "With --watch: how often input.paths is matched, e.g. 30s (overrides watch.poll_interval).")
    String pollInterval;

    @Option(
            names = "--window",
            paramLabel = "DURATION",
            description = "With --watch: window length, e.g. 1m, whole seconds (overrides watch.window).")
    String window;

    @Unmatched
    List<String> beamArgs = new ArrayList<>();

    /** Runs the job, showing its progress unless {@code --quiet}; returns it finished. */
    private PipelineResult runWithProgress(LabelPanelOptions options, RunConfig config) {
        PipelineResult result = LabelPanelPipeline.run(options, config);
        if (quiet) {
            result.waitUntilFinish();
            return result;
        }
        try (ProgressReporter progress = ProgressReporter.start(
                result, System.err, System.console() != null, LabelPanelPipeline.prices(config))) {
            result.waitUntilFinish();
            return result;
        }
    }

    private static void addDefault(List<String> args, String option, String value) {
        if (args.stream().noneMatch(a -> a.startsWith(option + "=") || a.equals(option))) {
            args.add(option + "=" + value);
        }
    }

    /** Cluster runners by short name: the class that must be on the class path, and the jar that has it. */
    private static final Map<String, String[]> CLUSTER_RUNNERS = Map.of(
            "FlinkRunner",
                    new String[] {
                        "org.apache.beam.runners.flink.FlinkRunner",
                        "runners/flink/target/labelpanel-flink-<version>-all.jar"
                    },
            "SparkRunner",
                    new String[] {
                        "org.apache.beam.runners.spark.SparkRunner",
                        "runners/spark/target/labelpanel-spark-<version>-all.jar"
                    });

    /** A cluster runner missing from this jar is a usage error that names the jar that has it. */
    private void requireRunnerInThisJar() {
        String[] known = CLUSTER_RUNNERS.get(runner.substring(runner.lastIndexOf('.') + 1));
        if (known == null) {
            return;
        }
        try {
            Class.forName(known[0], false, RunCommand.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ConfigException("--runner " + runner + " is not in this jar (it has the Direct runner only): use "
                    + known[1] + ", or ./labelpanel, which picks the jar by --runner");
        }
    }

    /**
     * Writes report.html and the dataset card into a local output folder. The dataset is complete without them, so a
     * failure here is reported (with the command that retries it) but does not fail the run.
     */
    static void writeReport(String outDir) {
        if (outDir.contains("://")) {
            System.out.println("  report            not written for a remote output folder: copy it locally and run"
                    + " labelpanel report DIR");
            return;
        }
        try {
            OutputReport.write(Path.of(outDir));
            System.out.println("  report            " + Path.of(outDir, OutputReport.REPORT_FILE) + "; dataset card "
                    + Path.of(outDir, OutputReport.CARD_FILE));
        } catch (IOException | RuntimeException e) {
            System.err.println("labelpanel: could not write the report (the dataset is complete): " + e
                    + "; retry with: labelpanel report " + outDir);
        }
    }

    @Override
    public Integer call() throws Exception {
        Instant startedAt = Instant.now();
        long started = System.nanoTime();
        RunConfig loaded = ConfigLoader.load(config);
        List<String> args = new ArrayList<>(beamArgs);
        if (runner.equals("DirectRunner")) {
            // The Direct runner re-encodes every element to check DoFns don't mutate them: a test aid that costs a
            // third of the run time. labelpanel's DoFns are tested with it on; runs skip it unless asked.
            addDefault(args, "--enforceImmutability", "false");
            addDefault(args, "--enforceEncodability", "false");
            // Return from run() at once so progress can be reported while the job runs.
            addDefault(args, "--blockOnRun", "false");
        }
        args.add("--config=" + config);
        args.add("--runner=" + runner);
        if (out != null) {
            args.add("--out=" + out);
        }
        if (overwrite) {
            args.add("--overwrite=true");
        }
        if (previous != null) {
            args.add("--previous=" + previous);
        }
        if (noCache && refreshCache) {
            throw new picocli.CommandLine.ParameterException(
                    new picocli.CommandLine(this), "--no-cache and --refresh-cache exclude each other: pick one");
        }
        if (noCache || refreshCache) {
            // Otherwise the pipeline uses the config's cache.mode.
            args.add("--cacheMode=" + (noCache ? "off" : "refresh"));
        }
        requireRunnerInThisJar();
        LabelPanelOptions options = PipelineOptionsFactory.fromArgs(args.toArray(String[]::new))
                .withValidation()
                .as(LabelPanelOptions.class);
        String outDir = LabelPanelPipeline.outputDir(loaded, options);
        if (watch && (previous != null || loaded.incremental().previous() != null)) {
            throw new picocli.CommandLine.ParameterException(
                    new picocli.CommandLine(this),
                    "--watch does not take a previous output (--previous or incremental.previous): a watch run already labels"
                            + " each new file once; use --previous with batch runs");
        }
        if (watch) {
            options.setWatchPollInterval(pollInterval == null ? "" : pollInterval);
            options.setWatchWindow(window == null ? "" : window);
            return WatchSession.run(options, loaded, System.out, System.err);
        }
        if (pollInterval != null || window != null) {
            throw new picocli.CommandLine.ParameterException(
                    new picocli.CommandLine(this), "--poll-interval and --window go with --watch");
        }
        // Batch events of an earlier job in this JVM are not this run's.
        BatchMetrics.unreported();
        PipelineResult result;
        if (loaded.simulator() != null && loaded.hasLabeling()) {
            try (EmbeddedSimulator simulator = EmbeddedSimulator.start(loaded.simulator())) {
                options.setSimulatorUrl(simulator.baseUrl());
                result = runWithProgress(options, loaded);
            }
        } else {
            result = runWithProgress(options, loaded);
        }
        PipelineResult.State state = result.getState();
        if (state != PipelineResult.State.DONE) {
            if (!OutOfMemoryExit.explainUnfinished(System.err)) {
                System.err.println("labelpanel: the job ended in state " + state);
            }
            return 1;
        }
        RunTiming timing = RunTiming.of(startedAt, Duration.ofNanos(System.nanoTime() - started));
        LlmClients.BatchProgress batches = BatchSection.of(result);
        // What only the launcher knows, added to the summary the job wrote (through Beam's filesystems when remote).
        String summaryFile = outDir + "/" + LabelPanelPipeline.SUMMARY_FILE;
        if (loaded.labelers().stream().anyMatch(LabelingConfig.Labeler::batchMode)) {
            BatchSection.addTo(summaryFile, batches);
        }
        ReplaceFile.edit(summaryFile, timing::addTo);
        // Through Beam's filesystems: on Dataflow the output folder is gs://, which java.nio cannot open.
        RunSummary summary = RunSummary.readFrom(summaryFile);
        System.out.print(summary.render(outDir));
        System.out.print(ProgressReporter.batchSummary(batches));
        // The report helps most when something is off, so it is written whether or not the checks below pass.
        writeReport(outDir);
        if (!summary.balanced()) {
            return 1;
        }
        // A run without labelers leaves every item unlabeled by design: no call can have failed, nothing to judge.
        return !loaded.hasLabeling() || reportHealth(summary, loaded) ? 0 : EXIT_CALLS_FAILED;
    }

    /** Exit code of a run that finished and balanced, but whose calls failed too often (see {@link RunHealth}). */
    public static final int EXIT_CALLS_FAILED = 3;

    /** Prints failed calls and served-model mismatches to stderr; false when the run counts as failed. */
    private static boolean reportHealth(RunSummary summary, RunConfig config) {
        Map<String, String> models = new LinkedHashMap<>();
        config.labelers().forEach(l -> models.put(l.name(), l.model()));
        RunHealth health = RunHealth.check(
                summary,
                models,
                config.limits().maxFailedCallShare(),
                config.limits().maxUnlabeledShare());
        health.warnings().forEach(w -> System.err.println("labelpanel: WARNING " + w));
        health.failures().forEach(f -> System.err.println("labelpanel: run failed: " + f));
        return !health.failed();
    }
}
