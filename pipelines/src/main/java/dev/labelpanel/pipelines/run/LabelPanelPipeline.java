package dev.labelpanel.pipelines.run;

import dev.labelpanel.pipelines.config.ClusterPaths;
import dev.labelpanel.pipelines.config.ConfigException;
import dev.labelpanel.pipelines.config.ConfigLoader;
import dev.labelpanel.pipelines.config.InputPaths;
import dev.labelpanel.pipelines.config.LabelingConfig;
import dev.labelpanel.pipelines.config.LabelingPlan;
import dev.labelpanel.pipelines.config.RunConfig;
import dev.labelpanel.pipelines.report.RunMethod;
import dev.labelpanel.schemas.DeadLetter;
import dev.labelpanel.schemas.Dialogue;
import dev.labelpanel.schemas.Item;
import dev.labelpanel.schemas.LabeledItem;
import dev.labelpanel.transforms.WireName;
import dev.labelpanel.transforms.coders.RecordCoder;
import dev.labelpanel.transforms.dedup.DedupItems;
import dev.labelpanel.transforms.extract.ExtractItems;
import dev.labelpanel.transforms.extract.Granularity;
import dev.labelpanel.transforms.failures.WriteDeadLetters;
import dev.labelpanel.transforms.incremental.LabelIncrementally;
import dev.labelpanel.transforms.label.LabelItems;
import dev.labelpanel.transforms.label.LabelingSpec;
import dev.labelpanel.transforms.label.OutputRows;
import dev.labelpanel.transforms.llm.LabelerSpec;
import dev.labelpanel.transforms.llm.cache.CacheMode;
import dev.labelpanel.transforms.output.WriteDataset;
import dev.labelpanel.transforms.read.ReadDialogues;
import dev.labelpanel.transforms.splits.AssignSplits;
import dev.labelpanel.transforms.splits.Split;
import dev.labelpanel.transforms.summary.AddSection;
import dev.labelpanel.transforms.summary.AddSections;
import dev.labelpanel.transforms.summary.LabelCounts;
import dev.labelpanel.transforms.summary.PanelStatistics;
import dev.labelpanel.transforms.summary.PriceUsage;
import dev.labelpanel.transforms.summary.RunCounts;
import dev.labelpanel.transforms.summary.SummarizeRun;
import dev.labelpanel.transforms.summary.SummaryKey;
import dev.labelpanel.transforms.summary.WriteSummary;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The labelpanel job: read dialogues → split into items → dedup → assign splits → label → write Parquet, with
 * every dead letter written once and a run summary counted from the data.
 */
public final class LabelPanelPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(LabelPanelPipeline.class);

    /** Name of the machine-readable run summary at the top of the output folder. */
    public static final String SUMMARY_FILE = "run-summary.json";

    private LabelPanelPipeline() {}

    /** The entry point of a launcher that starts the pipeline itself: the config is read from {@code --config}. */
    public static void main(String[] args) {
        LabelPanelOptions options =
                PipelineOptionsFactory.fromArgs(args).withValidation().as(LabelPanelOptions.class);
        run(options).waitUntilFinish();
    }

    /** Loads the config of {@code --config} (once) and {@link #run(LabelPanelOptions, RunConfig) runs} it. */
    public static PipelineResult run(LabelPanelOptions options) {
        return run(options, ConfigLoader.load(Path.of(options.getConfig())));
    }

    /** Prepares the output folder and starts the job of the loaded {@code config}; does not wait for it. */
    public static PipelineResult run(LabelPanelOptions options, RunConfig config) {
        org.apache.beam.sdk.io.FileSystems.setDefaultPipelineOptions(options);
        String out = outputDir(config, options);
        config = PreviousOutput.resolve(config, options, out);
        requireInputs(config, options, out);
        OutputFolder.prepare(out, options.getOverwrite());
        LOG.info(
                "Reading {} to {} on {}",
                config.input().paths(),
                out,
                options.getRunner().getSimpleName());
        Pipeline pipeline = Pipeline.create(options);
        build(pipeline, config, labeling(config, options), out);
        return pipeline.run();
    }

    /** The labeling plan of {@code config}, or null for a run without labelers. */
    static LabelingSpec labeling(RunConfig config, LabelPanelOptions options) {
        if (!config.hasLabeling()) {
            return null;
        }
        String simulatorUrl = options.getSimulatorUrl().isEmpty() ? null : options.getSimulatorUrl();
        LabelingSpec labeling = LabelingPlan.of(config, simulatorUrl, cacheMode(config, options));
        LOG.info(
                "Labeling with panel {}, filler {}, calibrator {}",
                labeling.panel().stream().map(LabelerSpec::name).toList(),
                labeling.filler().name(),
                labeling.calibrator().name());
        return labeling;
    }

    /** {@code --cacheMode} if given, else the config's {@code cache.mode}. */
    static CacheMode cacheMode(RunConfig config, LabelPanelOptions options) {
        if (options.getCacheMode().isEmpty()) {
            return config.cache().mode();
        }
        try {
            return WireName.parse(CacheMode.values(), options.getCacheMode(), "cache.mode");
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--cacheMode: " + e.getMessage(), e);
        }
    }

    /**
     * Fails before anything runs when an input pattern matches no file (a typo should not give an empty dataset),
     * or when a cluster runner would be given paths only the launcher sees ({@link ClusterPaths}).
     */
    static void requireInputs(RunConfig config, LabelPanelOptions options, String out) {
        requireReachable(config, options, out);
        InputPaths.requireMatches(config.input().paths());
    }

    /** Applies {@link ClusterPaths} to every path of the run ({@code config} with {@code --previous} resolved). */
    static void requireReachable(RunConfig config, LabelPanelOptions options, String out) {
        Map<String, String> paths = new LinkedHashMap<>();
        for (int i = 0; i < config.input().paths().size(); i++) {
            paths.put("input.paths[" + i + "]", config.input().paths().get(i));
        }
        paths.put("output", out);
        paths.put("previous", config.incremental().previous());
        ClusterPaths.require(paths, options, options.getSharedPaths());
    }

    /** The output folder: {@code --out} if given, else the config's {@code output.dir}. */
    public static String outputDir(RunConfig config, LabelPanelOptions options) {
        if (!options.getOut().isEmpty()) {
            return options.getOut();
        }
        if (config.output().dir() == null) {
            throw new ConfigException("no output folder: set output.dir in the config or pass --out");
        }
        return config.output().dir();
    }

    /**
     * Builds the whole job on {@code pipeline}, writing under {@code outDir}. With {@code labeling} null, items are
     * written with empty label fields.
     */
    public static void build(Pipeline pipeline, RunConfig config, LabelingSpec labeling, String outDir) {
        build(pipeline.apply("ReadDialogues", readDialogues(config)), config, labeling, outDir);
    }

    /** Reading as {@code config} says: the files of {@code input.paths}, once. */
    public static ReadDialogues readDialogues(RunConfig config) {
        return readDialogues(config, config.input().paths());
    }

    /** Reading {@code paths} as {@code config}'s input section says (labelpanel classify reads this way too). */
    public static ReadDialogues readDialogues(RunConfig config, java.util.List<String> paths) {
        return ReadDialogues.from(paths)
                .withFormat(config.input().format())
                .withCsvColumns(config.input().csv().columns())
                .withMaxTextBytes(config.input().maxTextBytes())
                .withMaxPayloadChars(config.output().deadLetterPayloadChars());
    }

    /**
     * Every stage after reading, on what {@code read} gives. Windowed dialogues (watch mode, {@link WatchPipeline})
     * go through the same stages window by window, and each window is written as a run folder of its own.
     */
    static void build(ReadDialogues.Result read, RunConfig config, LabelingSpec labeling, String outDir) {
        RunCounts.Collector counts = RunCounts.collector(read.getPipeline());
        PCollection<Item> items = counts.add(read.getDialogues()
                .apply(
                        "ExtractItems",
                        ExtractItems.create()
                                .withContextTurns(config.items().contextTurns())
                                .withGranularities(config.items().granularities())));
        PCollection<Item> unique = counts.add(items.apply(
                "DedupItems",
                DedupItems.create()
                        .withCaseFold(config.dedup().caseFold())
                        .withBuckets(config.dedup().buckets())));
        PCollection<Item> assigned = unique.apply(
                "AssignSplits",
                AssignSplits.create()
                        .withRatios(config.splits().ratios())
                        .withSeed(config.splits().seed()));
        PCollection<LabeledItem> labeled;
        if (labeling != null && config.incremental().previous() != null) {
            labeled = counts.add(assigned.apply(
                    "LabelIncrementally",
                    LabelIncrementally.with(labeling, config.incremental().previous())
                            .withBuckets(config.dedup().buckets())));
        } else {
            labeled = labeling == null
                    ? assigned.apply("WithoutLabels", new PassThroughLabels())
                    : assigned.apply("LabelItems", LabelItems.with(labeling));
            counts.add(labeled.apply("CountLabels", LabelCounts.create()));
        }
        WriteFilesResult<String> written = labeled.apply(
                "WriteDataset",
                WriteDataset.to(outDir)
                        .withCompression(config.output().compression())
                        .withShards(config.output().shards()));
        WriteFilesResult<Void> deadLettersWritten =
                read.getFailures().apply("WriteDeadLetters", WriteDeadLetters.to(outDir));

        counts.add(read.getRecordsPerFile()
                .apply("CountRecordsRead", RunCounts.weighEach((Long n) -> SummaryKey.recordsRead(), (Long n) -> n)));
        counts.add(read.getDialogues()
                .apply("CountDialogues", RunCounts.countEach((Dialogue d) -> SummaryKey.dialogues())));
        counts.add(read.getDialogues()
                .apply(
                        "CountRecordsInDialogues",
                        RunCounts.weighEach(
                                (Dialogue d) -> SummaryKey.recordsInDialogues(), d -> (long) d.getRecordCount())));
        counts.add(read.getFailures()
                .apply(
                        "CountDeadLetters",
                        RunCounts.countEach((DeadLetter d) -> SummaryKey.deadLetters(d.getStage(), d.getCategory()))));
        counts.add(labeled.apply(
                "CountWritten",
                RunCounts.countEach((LabeledItem i) ->
                        SummaryKey.itemsWritten(Granularity.parse(i.getGranularity()), Split.parse(i.getSplit())))));
        counts.all()
                .apply("SummarizeRun", SummarizeRun.create())
                .apply("PriceUsage", PriceUsage.with(prices(config)))
                .apply("AddPanelStatistics", AddSections.from(panelStatistics(labeled, labeling)))
                .apply("DescribeMethod", AddSection.of(RunMethod.SECTION, RunMethod.json(config, labeling)))
                .apply(
                        "WriteSummary",
                        WriteSummary.to(outDir, SUMMARY_FILE)
                                .afterWriting(
                                        written.getPerDestinationOutputFilenames(),
                                        deadLettersWritten.getPerDestinationOutputFilenames()));
    }

    /** The Dawid-Skene estimate and agreement statistics of the rows' votes; none for a run without labelers. */
    static PCollection<String> panelStatistics(PCollection<LabeledItem> labeled, LabelingSpec labeling) {
        if (labeling == null) {
            return labeled.getPipeline().apply("NoPanelStatistics", Create.empty(StringUtf8Coder.of()));
        }
        PanelStatistics.Raters raters = new PanelStatistics.Raters(
                labeling.prompts().labels().names(),
                labeling.panel().stream().map(LabelerSpec::name).toList(),
                labeling.filler().name(),
                labeling.calibrator().name());
        return labeled.apply("PanelStatistics", PanelStatistics.of(raters));
    }

    /**
     * The configured prices per labeler ({@code price_per_million_input/output}; an absent one is 0); a labeler in
     * {@code mode: batch} pays its batch price, with its online price alongside.
     */
    public static Map<String, PriceUsage.Price> prices(RunConfig config) {
        Map<String, PriceUsage.Price> prices = new HashMap<>();
        if (config.labelers() != null) {
            for (LabelingConfig.Labeler l : config.labelers()) {
                if (l.pricePerMillionInput() != null
                        || l.pricePerMillionOutput() != null
                        || l.batchMode()
                                && (l.batchPricePerMillionInput() != null || l.batchPricePerMillionOutput() != null)) {
                    PriceUsage.Price online = new PriceUsage.Price(
                            zeroIfNull(l.pricePerMillionInput()), zeroIfNull(l.pricePerMillionOutput()));
                    prices.put(
                            l.name(),
                            l.batchMode()
                                    ? new PriceUsage.Price(
                                            zeroIfNull(l.batchInputPrice(config.batch())),
                                            zeroIfNull(l.batchOutputPrice(config.batch())),
                                            online)
                                    : online);
                }
            }
        }
        return prices;
    }

    private static double zeroIfNull(Double price) {
        return price == null ? 0 : price;
    }

    /** A run without labelers: every item goes to the output with its label fields empty. */
    static final class PassThroughLabels extends PTransform<PCollection<Item>, PCollection<LabeledItem>> {
        @Override
        public PCollection<LabeledItem> expand(PCollection<Item> items) {
            return items.apply(
                            "ToLabeledItems",
                            MapElements.into(TypeDescriptor.of(LabeledItem.class))
                                    .via((Item item) ->
                                            OutputRows.fromItem(item).build()))
                    .setCoder(RecordCoder.of(LabeledItem.class));
        }
    }
}
