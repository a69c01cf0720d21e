package dev.labelpanel.pipelines.run;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/** Options of {@link LabelPanelPipeline}; runner options (--runner, --flinkMaster, ...) come with them. */
public interface LabelPanelOptions extends PipelineOptions {
    @Description("Path of the YAML run config (see configs/README.md).")
    @Validation.Required
    String getConfig();

    void setConfig(String config);

    @Description("Output folder; overrides output.dir of the config. Empty means use output.dir.")
    @Default.String("")
    String getOut();

    void setOut(String out);

    @Description("Replace a labelpanel output already in the output folder (otherwise the run refuses to start).")
    @Default.Boolean(false)
    boolean getOverwrite();

    void setOverwrite(boolean overwrite);

    @Description("Base URL of a running labeler simulator for labelers with base_url: simulator. Set by the labelpanel"
            + " command when the config has a simulator: section; empty means none.")
    @Default.String("")
    String getSimulatorUrl();

    void setSimulatorUrl(String simulatorUrl);

    @Description(
            "How to use the response cache: use (read and write), refresh (write only) or off; overrides cache.mode."
                    + " Empty means use the config.")
    @Default.String("")
    String getCacheMode();

    void setCacheMode(String cacheMode);

    @Description("Watch mode: how often input.paths is matched for new files, e.g. 30s; overrides watch.poll_interval."
            + " Empty means use the config.")
    @Default.String("")
    String getWatchPollInterval();

    void setWatchPollInterval(String watchPollInterval);

    @Description("Watch mode: length of the windows new files are grouped into, e.g. 1m; overrides watch.window."
            + " Empty means use the config.")
    @Default.String("")
    String getWatchWindow();

    void setWatchWindow(String watchWindow);

    @Description(
            "Output folder of an earlier run (overrides incremental.previous): its labels of the same items under the"
                    + " same config hash and split are carried over without any call; only the other items are labeled."
                    + " Empty means incremental.previous, or label everything.")
    @Default.String("")
    String getPrevious();

    void setPrevious(String previous);

    @Description(
            "With a cluster runner: the local paths of input.paths, --out and --previous are on a mount every worker has"
                    + " at the same path (NFS, a ReadWriteMany volume), so the job may use them. Without it such a run is"
                    + " refused, since workers would not see files on the launcher's disk.")
    @Default.Boolean(false)
    boolean getSharedPaths();

    void setSharedPaths(boolean sharedPaths);
}
