package dev.labelpanel.pipelines.estimate;

import dev.labelpanel.pipelines.config.ConfigException;
import dev.labelpanel.pipelines.config.LabelingConfig;
import dev.labelpanel.pipelines.config.LabelingPlan;
import dev.labelpanel.pipelines.config.RunConfig;
import dev.labelpanel.pipelines.inspect.OutputFiles;
import dev.labelpanel.pipelines.report.RunSummary;
import dev.labelpanel.pipelines.run.LabelPanelPipeline;
import dev.labelpanel.schemas.Turn;
import dev.labelpanel.transforms.extract.Granularity;
import dev.labelpanel.transforms.label.LabelingSpec;
import dev.labelpanel.transforms.llm.ChatMessage;
import dev.labelpanel.transforms.llm.cache.CacheMode;
import dev.labelpanel.transforms.prompt.PromptBook;
import dev.labelpanel.transforms.prompt.Prompts;
import dev.labelpanel.transforms.splits.Split;
import dev.labelpanel.transforms.summary.SummaryKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * {@code labelpanel estimate}: runs the deterministic stages (read → split → dedup → assign splits, no labeling) on
 * the Direct runner into a scratch folder, renders the real prompts of a sample of the items, and hands the counts
 * to {@link CostEstimate}. No LLM is called.
 */
public final class Estimator {
    /** Items per granularity whose prompts are rendered to size them. */
    public static final int SAMPLE_ITEMS = 200;

    public static final double CHARS_PER_TOKEN = 4.0;

    private Estimator() {}

    /** As {@link #estimate(RunConfig, double, double, Path)} in a scratch folder deleted afterwards. */
    public static CostEstimate.Result estimate(RunConfig config, double tieRate, double disagreeRate)
            throws IOException {
        Path scratch = Files.createTempDirectory("labelpanel-estimate-");
        try {
            return estimate(config, tieRate, disagreeRate, scratch.resolve("out"));
        } finally {
            try (Stream<Path> walk = Files.walk(scratch)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    public static CostEstimate.Result estimate(RunConfig config, double tieRate, double disagreeRate, Path scratch)
            throws IOException {
        if (!config.hasLabeling()) {
            throw new ConfigException(
                    "the config has no labelers, so there is nothing to estimate: add labelers and roles");
        }
        LabelingSpec spec =
                LabelingPlan.of(config, config.simulator() == null ? null : "http://127.0.0.1:1/v1", CacheMode.OFF);
        splitItems(config, scratch);
        RunSummary summary = RunSummary.read(scratch.resolve(LabelPanelPipeline.SUMMARY_FILE));
        Map<String, Map<String, Long>> items = new LinkedHashMap<>();
        for (Granularity granularity : config.items().granularities()) {
            String g = granularity.wireName();
            Map<String, Long> bySplit = new LinkedHashMap<>();
            for (String split : CostEstimate.SPLITS) {
                bySplit.put(split, summary.count(SummaryKey.itemsWritten(Granularity.parse(g), Split.parse(split))));
            }
            items.put(g, bySplit);
        }
        Map<String, List<GenericRecord>> sample = new HashMap<>();
        for (String g : items.keySet()) {
            sample.put(g, sample(scratch.resolve(g)));
        }
        Map<String, CostEstimate.LabelerSize> sizes = new LinkedHashMap<>();
        for (LabelingConfig.Labeler l : config.labelers()) {
            sizes.put(l.name(), size(l, config.batch(), spec.prompts(), sample));
        }
        LabelingConfig.Roles roles = config.roles();
        return CostEstimate.estimate(new CostEstimate.Inputs(
                items, roles.panel(), roles.filler(), roles.calibrator(), sizes, tieRate, disagreeRate));
    }

    /** The deterministic stages only, written under {@code scratch} (with its run summary). */
    static void splitItems(RunConfig config, Path scratch) {
        Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.fromArgs(
                        "--runner=DirectRunner", "--enforceImmutability=false", "--enforceEncodability=false")
                .create());
        LabelPanelPipeline.build(pipeline, config, null, scratch.toString());
        PipelineResult.State state = pipeline.run().waitUntilFinish();
        if (state != PipelineResult.State.DONE) {
            throw new IllegalStateException("reading the input and extracting items ended in state " + state);
        }
    }

    private static CostEstimate.LabelerSize size(
            LabelingConfig.Labeler l,
            LabelingConfig.Batch batch,
            PromptBook book,
            Map<String, List<GenericRecord>> sample) {
        int maxTokens = l.maxTokens();
        int critiqueMaxTokens = l.critiqueMaxTokens();
        Prompts prompts = book.promptsOf(l.name());
        String previousAnswer = "x".repeat((int) (maxTokens * CHARS_PER_TOKEN));
        Map<String, Double> item = new LinkedHashMap<>();
        Map<String, Double> critique = new LinkedHashMap<>();
        for (Map.Entry<String, List<GenericRecord>> g : sample.entrySet()) {
            long itemChars = 0;
            long critiqueChars = 0;
            for (GenericRecord r : g.getValue()) {
                List<ChatMessage> messages =
                        prompts.itemPrompt(g.getKey(), r.get("text").toString(), turns(r), book.labels());
                itemChars += chars(messages);
                critiqueChars += chars(prompts.critiquePrompt(messages, previousAnswer, book.labels()));
            }
            int n = Math.max(1, g.getValue().size());
            item.put(g.getKey(), itemChars / CHARS_PER_TOKEN / n);
            critique.put(g.getKey(), critiqueChars / CHARS_PER_TOKEN / n);
        }
        return new CostEstimate.LabelerSize(
                l.name(),
                item,
                critique,
                maxTokens,
                critiqueMaxTokens,
                l.pricePerMillionInput(),
                l.pricePerMillionOutput(),
                l.batchMode(),
                l.batchInputPrice(batch),
                l.batchOutputPrice(batch));
    }

    private static long chars(List<ChatMessage> messages) {
        return messages.stream().mapToLong(m -> m.content().length()).sum();
    }

    private static List<Turn> turns(GenericRecord r) {
        Object context = r.get("context");
        if (context == null) {
            return null;
        }
        List<Turn> turns = new ArrayList<>();
        for (Object t : (List<?>) context) {
            GenericRecord turn = (GenericRecord) t;
            turns.add(Turn.newBuilder()
                    .setRole(turn.get("role").toString())
                    .setText(turn.get("text").toString())
                    .build());
        }
        return turns;
    }

    /**
     * The {@link #SAMPLE_ITEMS} rows of the Parquet files in {@code dir} with the smallest item ids: item ids are
     * content hashes, so this is a sample spread over every split that does not depend on the order the runner wrote
     * the rows in (the same input always gives the same estimate).
     */
    private static List<GenericRecord> sample(Path dir) throws IOException {
        TreeMap<String, GenericRecord> smallest = new TreeMap<>();
        for (Path file : OutputFiles.parquetIn(dir)) {
            OutputFiles.readRows(file, r -> {
                smallest.put(r.get("item_id").toString(), r);
                if (smallest.size() > SAMPLE_ITEMS) {
                    smallest.pollLastEntry();
                }
            });
        }
        return new ArrayList<>(smallest.values());
    }
}
