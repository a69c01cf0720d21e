package dev.labelpanel.pipelines.config;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.labelpanel.transforms.aggregate.Aggregation;
import dev.labelpanel.transforms.dedup.DedupItems;
import dev.labelpanel.transforms.extract.Granularity;
import dev.labelpanel.transforms.extract.ItemExtractor;
import dev.labelpanel.transforms.failures.DeadLetterFactory;
import dev.labelpanel.transforms.output.ParquetCompression;
import dev.labelpanel.transforms.output.WindowFolder;
import dev.labelpanel.transforms.read.CsvColumns;
import dev.labelpanel.transforms.read.InputFormat;
import dev.labelpanel.transforms.read.TextRules;
import dev.labelpanel.transforms.splits.AssignSplits;
import dev.labelpanel.transforms.splits.SplitRatios;
import dev.labelpanel.transforms.vote.PanelMode;
import dev.labelpanel.transforms.vote.VoteRule;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.joda.time.Duration;

/**
 * A run config as read from YAML (see {@code configs/README.md}), parsed once into typed values ({@link
 * ConfigValues}). Absent sections and keys take their defaults, each stated once here as a {@code DEFAULT_}
 * constant (or the constant of the transform it configures); {@code schemas/config.schema.json} and the README's
 * tables are held equal to them by {@code ConfigDefaultsTest}. Unknown keys are errors. Paths are as written:
 * {@link ConfigLoader} resolves them against the config file.
 */
public record RunConfig(
        @JsonProperty("input") Input input,
        @JsonProperty("items") @JsonAlias("splitting") Items items,
        @JsonProperty("dedup") Dedup dedup,
        @JsonProperty("splits") Splits splits,
        @JsonProperty("output") Output output,
        @JsonProperty("labels") List<LabelingConfig.Label> labels,
        @JsonProperty("prompts") LabelingConfig.Prompts prompts,
        @JsonProperty("labelers") List<LabelingConfig.Labeler> labelers,
        @JsonProperty("roles") LabelingConfig.Roles roles,
        @JsonProperty("vote_rule") VoteRule voteRule,
        @JsonProperty("panel_mode") PanelMode panelMode,
        @JsonProperty("panel_order") List<String> panelOrder,
        @JsonProperty("aggregation") Aggregation.Method aggregation,
        @JsonProperty("fill_below") Double fillBelow,
        @JsonProperty("max_items_in_flight") Integer maxItemsInFlight,
        @JsonProperty("cache") LabelingConfig.Cache cache,
        @JsonProperty("simulator") LabelingConfig.Simulator simulator,
        @JsonProperty("limits") LabelingConfig.Limits limits,
        @JsonProperty("batch") LabelingConfig.Batch batch,
        @JsonProperty("watch") Watch watch,
        @JsonProperty("incremental") Incremental incremental) {

    public static final VoteRule DEFAULT_VOTE_RULE = VoteRule.panelMajority();
    public static final int DEFAULT_MAX_ITEMS_IN_FLIGHT = 256;
    public static final PanelMode DEFAULT_PANEL_MODE = PanelMode.FULL;

    public RunConfig {
        if (input == null) {
            throw new IllegalArgumentException(
                    "the config has no input section: add input.paths (globs of dialogue files)");
        }
        items = items == null ? new Items(null, null) : items;
        dedup = dedup == null ? new Dedup(null, null) : dedup;
        splits = splits == null ? new Splits(null, null, null, null) : splits;
        output = output == null ? new Output(null, null, null, null) : output;
        labelers = labelers == null ? List.of() : List.copyOf(labelers);
        voteRule = voteRule == null ? DEFAULT_VOTE_RULE : voteRule;
        panelMode = panelMode == null ? DEFAULT_PANEL_MODE : panelMode;
        panelOrder = panelOrder == null ? null : List.copyOf(panelOrder);
        aggregation = aggregation == null ? Aggregation.DEFAULT_METHOD : aggregation;
        fillBelow = fillBelow == null ? Aggregation.DEFAULT_FILL_BELOW : fillBelow;
        Aggregation.of(aggregation, fillBelow);
        if (panelMode == PanelMode.ADAPTIVE && aggregation == Aggregation.Method.DAWID_SKENE) {
            throw new IllegalArgumentException(
                    "panel_mode: adaptive stops asking once the vote rule is decided, but aggregation: dawid-skene needs every"
                            + " panel vote: use panel_mode: full with dawid-skene, or aggregation: majority with adaptive");
        }
        maxItemsInFlight = maxItemsInFlight == null ? DEFAULT_MAX_ITEMS_IN_FLIGHT : maxItemsInFlight;
        cache = cache == null ? LabelingConfig.Cache.defaults() : cache;
        limits = limits == null ? LabelingConfig.Limits.defaults() : limits;
        batch = batch == null ? LabelingConfig.Batch.defaults() : batch;
        watch = watch == null ? new Watch(null, null) : watch;
        incremental = incremental == null ? new Incremental(null) : incremental;
    }

    /** {@code aggregation} and {@code fill_below} together. */
    public Aggregation aggregationRule() {
        return Aggregation.of(aggregation, fillBelow);
    }

    /** True when the config asks for labeling (it has labelers); otherwise items are written unlabeled. */
    public boolean hasLabeling() {
        return !labelers.isEmpty();
    }

    /** Where dialogues come from. */
    public record Input(
            @JsonProperty("paths") List<String> paths,
            @JsonProperty("format") InputFormat format,
            @JsonProperty("csv") Csv csv,
            @JsonProperty("max_text_bytes") Integer maxTextBytes) {
        public static final InputFormat DEFAULT_FORMAT = InputFormat.AUTO;

        public Input {
            if (paths == null || paths.isEmpty()) {
                throw new IllegalArgumentException("input.paths must list at least one file or glob");
            }
            paths = List.copyOf(paths);
            format = format == null ? DEFAULT_FORMAT : format;
            csv = csv == null ? new Csv(null, null, null, null) : csv;
            maxTextBytes = maxTextBytes == null ? TextRules.DEFAULT_MAX_TEXT_BYTES : maxTextBytes;
            TextRules.withMaxTextBytes(maxTextBytes);
        }

        public Input withPaths(List<String> resolved) {
            return new Input(resolved, format, csv, maxTextBytes);
        }
    }

    /** CSV column names (one row per turn). */
    public record Csv(
            @JsonProperty("dialogue_id") String dialogueId,
            @JsonProperty("turn_index") String turnIndex,
            @JsonProperty("speaker") String speaker,
            @JsonProperty("text") String text) {
        public Csv {
            CsvColumns d = CsvColumns.defaults();
            dialogueId = dialogueId == null ? d.dialogueId() : dialogueId;
            turnIndex = turnIndex == null ? d.turnIndex() : turnIndex;
            speaker = speaker == null ? d.speaker() : speaker;
            text = text == null ? d.text() : text;
        }

        public CsvColumns columns() {
            return CsvColumns.of(dialogueId, turnIndex, speaker, text);
        }
    }

    /**
     * How dialogues become items ({@code items:}; {@code splitting:}, its name before, is still read).
     */
    public record Items(
            @JsonProperty("context_turns") Integer contextTurns,
            @JsonProperty("granularities") Set<Granularity> granularities) {
        public static final Set<Granularity> DEFAULT_GRANULARITIES =
                Collections.unmodifiableSet(EnumSet.allOf(Granularity.class));

        public Items {
            contextTurns = contextTurns == null ? ItemExtractor.DEFAULT_CONTEXT_TURNS : contextTurns;
            granularities = granularities == null
                    ? DEFAULT_GRANULARITIES
                    : granularities.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(granularities));
            if (contextTurns < 1 || contextTurns > 64) {
                throw new IllegalArgumentException(
                        "items.context_turns must be between 1 and 64 but was " + contextTurns);
            }
            if (granularities.isEmpty()) {
                throw new IllegalArgumentException("items.granularities must name utterance, context or both");
            }
        }
    }

    /** Duplicate detection. */
    public record Dedup(
            @JsonProperty("case_fold") Boolean caseFold,
            @JsonProperty("buckets") Integer buckets) {
        public static final boolean DEFAULT_CASE_FOLD = false;

        public Dedup {
            caseFold = caseFold == null ? DEFAULT_CASE_FOLD : caseFold;
            buckets = buckets == null ? DedupItems.DEFAULT_BUCKETS : buckets;
            if (buckets < 1 || buckets > 65536) {
                throw new IllegalArgumentException("dedup.buckets must be between 1 and 65536 but was " + buckets);
            }
        }
    }

    /** Train / validation / test shares and the seed of the split hash. */
    public record Splits(
            @JsonProperty("train") Double train,
            @JsonProperty("validation") Double validation,
            @JsonProperty("test") Double test,
            @JsonProperty("seed") Long seed) {
        public Splits {
            train = train == null ? SplitRatios.DEFAULT.train() : train;
            validation = validation == null ? SplitRatios.DEFAULT.validation() : validation;
            test = test == null ? SplitRatios.DEFAULT.test() : test;
            seed = seed == null ? AssignSplits.DEFAULT_SEED : seed;
            new SplitRatios(train, validation, test);
        }

        public SplitRatios ratios() {
            return new SplitRatios(train, validation, test);
        }
    }

    /** Where and how the dataset is written. */
    public record Output(
            @JsonProperty("dir") String dir,
            @JsonProperty("compression") ParquetCompression compression,
            @JsonProperty("shards") Integer shards,
            @JsonProperty("dead_letter_payload_chars") Integer deadLetterPayloadChars) {
        public static final ParquetCompression DEFAULT_COMPRESSION = ParquetCompression.SNAPPY;
        public static final int DEFAULT_SHARDS = 1;

        public Output {
            compression = compression == null ? DEFAULT_COMPRESSION : compression;
            shards = shards == null ? DEFAULT_SHARDS : shards;
            if (shards < 0 || shards > 10_000) {
                throw new IllegalArgumentException("output.shards must be between 0 and 10000 but was " + shards);
            }
            deadLetterPayloadChars = deadLetterPayloadChars == null
                    ? DeadLetterFactory.DEFAULT_MAX_PAYLOAD_CHARS
                    : deadLetterPayloadChars;
            if (deadLetterPayloadChars < 0) {
                throw new IllegalArgumentException(
                        "output.dead_letter_payload_chars must be at least 0 but was " + deadLetterPayloadChars);
            }
        }

        public Output withDir(String resolved) {
            return new Output(resolved, compression, shards, deadLetterPayloadChars);
        }
    }

    /** Watch mode ({@code labelpanel run --watch}): how often input.paths is matched, and the window length. */
    public record Watch(
            @JsonProperty("poll_interval") Duration pollInterval,
            @JsonProperty("window") Duration window) {
        public static final Duration DEFAULT_POLL_INTERVAL = Duration.standardSeconds(30);
        public static final Duration DEFAULT_WINDOW = Duration.standardMinutes(1);

        public Watch {
            pollInterval = pollInterval == null ? DEFAULT_POLL_INTERVAL : pollInterval;
            window = window == null ? DEFAULT_WINDOW : requireWholeSeconds(window, "watch.window");
        }

        /**
         * A window length ({@code watch.window} or {@code --window}) that follows {@link WindowFolder#isWholeSeconds},
         * else an error naming {@code what}.
         */
        public static Duration requireWholeSeconds(Duration window, String what) {
            if (!WindowFolder.isWholeSeconds(window)) {
                throw new IllegalArgumentException(what + " must be a whole number of seconds, at least 1s, but was "
                        + DurationText.format(window));
            }
            return window;
        }
    }

    /**
     * Incremental builds: {@code previous} is the output folder of an earlier run whose labels are carried over
     * (same item, config hash and split); only the other items are labeled. Null: label everything.
     */
    public record Incremental(@JsonProperty("previous") String previous) {
        public Incremental {
            if (previous != null && previous.isBlank()) {
                throw new IllegalArgumentException(
                        "incremental.previous is empty: name an earlier run's output folder");
            }
        }
    }

    /**
     * This config with every file path in it mapped by {@code resolve}: the input globs, the output and cache folders,
     * the simulator profile and the previous output.
     */
    public RunConfig withPaths(UnaryOperator<String> resolve) {
        return copy(
                input.withPaths(input.paths().stream().map(resolve).toList()),
                output.dir() == null ? output : output.withDir(resolve.apply(output.dir())),
                cache.dir() == null ? cache : cache.withDir(resolve.apply(cache.dir())),
                simulator == null || simulator.profile() == null
                        ? simulator
                        : new LabelingConfig.Simulator(
                                resolve.apply(simulator.profile()), simulator.seed(), simulator.latencyScale()),
                incremental.previous() == null ? incremental : new Incremental(resolve.apply(incremental.previous())));
    }

    public RunConfig withIncremental(Incremental newIncremental) {
        return copy(input, output, cache, simulator, newIncremental);
    }

    public RunConfig withCache(LabelingConfig.Cache newCache) {
        return copy(input, output, newCache, simulator, incremental);
    }

    private RunConfig copy(
            Input newInput,
            Output newOutput,
            LabelingConfig.Cache newCache,
            LabelingConfig.Simulator newSimulator,
            Incremental newIncremental) {
        return new RunConfig(
                newInput,
                items,
                dedup,
                splits,
                newOutput,
                labels,
                prompts,
                labelers,
                roles,
                voteRule,
                panelMode,
                panelOrder,
                aggregation,
                fillBelow,
                maxItemsInFlight,
                newCache,
                newSimulator,
                limits,
                batch,
                watch,
                newIncremental);
    }
}
