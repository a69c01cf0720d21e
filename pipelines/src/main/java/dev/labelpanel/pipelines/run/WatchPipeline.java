package dev.labelpanel.pipelines.run;

import dev.labelpanel.pipelines.config.ConfigException;
import dev.labelpanel.pipelines.config.DurationText;
import dev.labelpanel.pipelines.config.InputPaths;
import dev.labelpanel.pipelines.config.RunConfig;
import dev.labelpanel.transforms.output.WindowFolder;
import dev.labelpanel.transforms.read.ReadDialogues;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.StreamingOptions;
import org.joda.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The labelpanel job in watch mode ({@code labelpanel run --watch}): {@link LabelPanelPipeline}'s stages on an
 * unbounded read. {@code input.paths} is matched every poll interval and each new file is read once; its records
 * are windowed by when the file was found (fixed windows, {@code watch.window}), deduplicated within the window
 * and against earlier windows, labeled, and written per window as a complete run folder:
 * {@code <out>/windows/<start>_<end>/} with the Parquet files, the dead letters and a {@code run-summary.json}
 * that is written last. The job runs until its {@link StopSignal} is raised, then drains: the files found at the
 * next poll are the last, every open window is finished and written, and the job ends.
 */
public final class WatchPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(WatchPipeline.class);

    private WatchPipeline() {}

    /** A started watch job: raise {@code stop} to drain it, then wait for {@code result}. */
    public record Running(
            PipelineResult result, StopSignal stop, String outDir, Duration pollInterval, Duration window) {
        /** The folder the windows are written to. */
        public String windowsDir() {
            return outDir + "/" + WindowFolder.ROOT;
        }
    }

    /** Prepares the output folder and starts the job of the loaded {@code config} in streaming mode; does not wait. */
    public static Running run(LabelPanelOptions options, RunConfig config) {
        String out = LabelPanelPipeline.outputDir(config, options);
        Duration pollInterval = options.getWatchPollInterval().isEmpty()
                ? config.watch().pollInterval()
                : userDuration(options.getWatchPollInterval(), "--poll-interval");
        Duration window;
        try {
            window = options.getWatchWindow().isEmpty()
                    ? config.watch().window()
                    : RunConfig.Watch.requireWholeSeconds(
                            userDuration(options.getWatchWindow(), "--window"), "--window");
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
        if (config.output().shards() == 0) {
            throw new ConfigException(
                    "output.shards is 0 (the runner decides), which watch mode cannot do: set it to 1 or more");
        }
        org.apache.beam.sdk.io.FileSystems.setDefaultPipelineOptions(options);
        LabelPanelPipeline.requireReachable(config, options, out);
        InputPaths.requireWatchedFolders(config.input().paths());
        OutputFolder.prepare(out, options.getOverwrite());
        options.as(StreamingOptions.class).setStreaming(true);
        Pipeline pipeline = Pipeline.create(options);
        StopSignal stop = StopSignal.create();
        ReadDialogues.Result read = pipeline.apply(
                "ReadDialogues",
                LabelPanelPipeline.readDialogues(config).continuously(pollInterval, window, stop.untilRaised()));
        LabelPanelPipeline.build(read, config, LabelPanelPipeline.labeling(config, options), out);
        LOG.info(
                "Watching {} every {} s; windows of {} s go to {}/{} on {}",
                config.input().paths(),
                pollInterval.getMillis() / 1000.0,
                window.getStandardSeconds(),
                out,
                WindowFolder.ROOT,
                options.getRunner().getSimpleName());
        return new Running(pipeline.run(), stop, out, pollInterval, window);
    }

    private static Duration userDuration(String text, String option) {
        try {
            return DurationText.parse(text, option);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }
}
