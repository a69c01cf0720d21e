package dev.labelpanel.transforms.summary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labelpanel.schemas.LabeledItem;
import dev.labelpanel.schemas.Vote;
import dev.labelpanel.transforms.aggregate.DawidSkene;
import dev.labelpanel.transforms.aggregate.DawidSkeneModel;
import dev.labelpanel.transforms.aggregate.PanelAgreement;
import dev.labelpanel.transforms.aggregate.VotePattern;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The label-quality sections of the run summary, computed from the vote patterns of the rows written (a global
 * combine whose accumulator holds one count per distinct pattern):
 *
 * <pre>
 * dawid_skene/{priors/&lt;label&gt;, iterations, log_likelihood, converged, fell_back_to_majority, items, soft_votes}
 * dawid_skene/labelers/&lt;panel labeler&gt;/{accuracy, confusion/&lt;true label&gt;/&lt;vote&gt;}
 * agreement/&lt;g&gt;/&lt;split&gt;/{items, fleiss_kappa, krippendorff_alpha}      the panel's votes
 * agreement/cohen_kappa/&lt;labeler&gt;/&lt;labeler&gt;                              panel, filler and calibrator
 * </pre>
 *
 * The Dawid-Skene model is fitted to every row's panel votes in both aggregation modes, with the same EM and the same
 * observations as labeling uses ({@link VotePattern#ofPanelVotes}: a vote with {@code label_probs} is a soft vote,
 * its label and confidence bin; {@code soft_votes} says whether any was), so in {@code dawid-skene} mode it is the
 * model that decided the labels (unless rows were carried over from a previous output). The agreement statistics
 * count the votes' labels only. A statistic with nothing to compare is null.
 */
public final class PanelStatistics extends PTransform<PCollection<LabeledItem>, PCollection<String>> {
    private static final long serialVersionUID = 1L;
    private static final String RATERS = "raters";
    /** The summary section of the Dawid-Skene estimate. */
    public static final String DAWID_SKENE = "dawid_skene";
    /** The {@link #DAWID_SKENE} field that says whether the model was fitted on soft votes (confidence bins). */
    public static final String SOFT_VOTES = "soft_votes";
    /** The summary section of the agreement statistics. */
    public static final String AGREEMENT = "agreement";

    private final Raters raters;

    /** Who voted: the label set, the panel in order, the filler and the calibrator (may repeat panel names). */
    public record Raters(List<String> labels, List<String> panel, String filler, String calibrator)
            implements Serializable {
        /** The columns of the Cohen's kappa matrix: the panel, then the filler and calibrator if not in the panel. */
        List<String> columns() {
            List<String> out = new ArrayList<>(panel);
            for (String other : new String[] {filler, calibrator}) {
                if (other != null && !out.contains(other)) {
                    out.add(other);
                }
            }
            return out;
        }
    }

    private PanelStatistics(Raters raters) {
        this.raters = raters;
    }

    public static PanelStatistics of(Raters raters) {
        return new PanelStatistics(raters);
    }

    @Override
    public PCollection<String> expand(PCollection<LabeledItem> rows) {
        Combine.Globally<KV<String, VotePattern>, String> combine = Combine.globally(new StatisticsFn(raters));
        Raters asked = raters;
        PCollection<KV<String, VotePattern>> patterns = rows.apply(
                        "ToVotePatterns",
                        FlatMapElements.into(TypeDescriptors.kvs(
                                        TypeDescriptors.strings(), TypeDescriptor.of(VotePattern.class)))
                                .via((LabeledItem row) -> patterns(row, asked)))
                .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(VotePattern.class)));
        if (dev.labelpanel.transforms.output.WindowFolder.isWindowed(patterns)) {
            combine = combine.withoutDefaults();
        }
        return patterns.apply("CountAndCompute", combine).setCoder(StringUtf8Coder.of());
    }

    /**
     * The patterns of one row: its panel votes under {@code <g>/<split>} (soft where they state probabilities, as
     * labeling sees them), and every rater's vote under "raters".
     */
    static List<KV<String, VotePattern>> patterns(LabeledItem row, Raters raters) {
        List<Vote> votes = row.getVotes();
        int panelSize = raters.panel().size();
        if (votes.size() < panelSize) {
            return List.of();
        }
        List<Vote> panelVotes = votes.subList(0, panelSize);
        List<String> columns = raters.columns();
        List<String> all = new ArrayList<>();
        panelVotes.forEach(v -> all.add(v.getLabel()));
        Map<String, String> others = new HashMap<>();
        if (votes.size() > panelSize) {
            others.put(raters.filler(), votes.get(panelSize).getLabel());
        }
        if (row.getCalibration() != null) {
            others.put(
                    raters.calibrator(), row.getCalibration().getFirstAnswer().getLabel());
        }
        for (int c = panelSize; c < columns.size(); c++) {
            all.add(others.get(columns.get(c)));
        }
        return List.of(
                KV.of(
                        row.getGranularity() + "/" + row.getSplit(),
                        VotePattern.ofPanelVotes(panelVotes, raters.labels())),
                KV.of(RATERS, VotePattern.fromLabels(all, raters.labels())));
    }

    private static Map<VotePattern, Long> inPatternOrder(Map<VotePattern, Long> counts) {
        Map<VotePattern, Long> ordered = new java.util.LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(java.util.Comparator.comparing(e -> e.getKey().toString()))
                .forEach(e -> ordered.put(e.getKey(), e.getValue()));
        return ordered;
    }

    /** The sections as JSON, from pattern counts per group (see the class comment). */
    static String render(Raters raters, Map<String, Map<VotePattern, Long>> unordered) {
        // Patterns in one fixed order, so the floating-point sums (and so the summary) are the same on every runner,
        // whatever order the combine merged the counts in.
        Map<String, Map<VotePattern, Long>> groups = new TreeMap<>();
        unordered.forEach((group, counts) -> groups.put(group, inPatternOrder(counts)));
        int k = raters.labels().size();
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        Map<VotePattern, Long> panel = new HashMap<>();
        ObjectNode agreement = root.putObject(AGREEMENT);
        for (Map.Entry<String, Map<VotePattern, Long>> g : new TreeMap<>(groups).entrySet()) {
            if (g.getKey().equals(RATERS)) {
                continue;
            }
            g.getValue().forEach((p, n) -> panel.merge(p, n, Long::sum));
            String[] gs = g.getKey().split("/", 2);
            ObjectNode granularity =
                    agreement.has(gs[0]) ? (ObjectNode) agreement.get(gs[0]) : agreement.putObject(gs[0]);
            ObjectNode node = granularity.putObject(gs[1]);
            node.put(
                    "items",
                    g.getValue().values().stream().mapToLong(Long::longValue).sum());
            number(node, "fleiss_kappa", PanelAgreement.fleissKappa(k, g.getValue()));
            number(node, "krippendorff_alpha", PanelAgreement.krippendorffAlpha(k, g.getValue()));
        }
        List<String> columns = raters.columns();
        double[][] kappa = PanelAgreement.cohenKappaMatrix(k, columns.size(), groups.getOrDefault(RATERS, Map.of()));
        ObjectNode cohen = agreement.putObject("cohen_kappa");
        for (int i = 0; i < columns.size(); i++) {
            ObjectNode row = cohen.putObject(columns.get(i));
            for (int j = 0; j < columns.size(); j++) {
                number(row, columns.get(j), kappa[i][j]);
            }
        }
        DawidSkeneModel m = DawidSkene.create(k).fit(raters.panel().size(), panel);
        ObjectNode ds = root.putObject(DAWID_SKENE);
        ds.put("items", panel.values().stream().mapToLong(Long::longValue).sum());
        ds.put("iterations", m.iterations());
        number(ds, "log_likelihood", m.logLikelihood());
        ds.put("converged", m.converged());
        ds.put("fell_back_to_majority", m.fellBackToMajority());
        ds.put(SOFT_VOTES, m.binned());
        ObjectNode priors = ds.putObject("priors");
        for (int c = 0; c < k; c++) {
            number(priors, raters.labels().get(c), m.priors()[c]);
        }
        ObjectNode labelers = ds.putObject("labelers");
        for (int j = 0; j < raters.panel().size(); j++) {
            ObjectNode l = labelers.putObject(raters.panel().get(j));
            number(l, "accuracy", m.accuracy(j));
            ObjectNode confusion = l.putObject("confusion");
            double[][] matrix = m.confusion(j);
            for (int t = 0; t < k; t++) {
                ObjectNode row = confusion.putObject(raters.labels().get(t));
                for (int v = 0; v < k; v++) {
                    number(row, raters.labels().get(v), matrix[t][v]);
                }
            }
        }
        try {
            return json.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of numbers always renders", e);
        }
    }

    private static void number(ObjectNode node, String key, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            node.putNull(key);
        } else {
            node.put(key, value);
        }
    }

    static final class StatisticsFn
            extends Combine.CombineFn<KV<String, VotePattern>, Map<String, Map<VotePattern, Long>>, String> {
        private final Raters raters;

        StatisticsFn(Raters raters) {
            this.raters = raters;
        }

        @Override
        public Map<String, Map<VotePattern, Long>> createAccumulator() {
            return new HashMap<>();
        }

        @Override
        public Map<String, Map<VotePattern, Long>> addInput(
                Map<String, Map<VotePattern, Long>> acc, KV<String, VotePattern> in) {
            acc.computeIfAbsent(in.getKey(), g -> new HashMap<>()).merge(in.getValue(), 1L, Long::sum);
            return acc;
        }

        @Override
        public Map<String, Map<VotePattern, Long>> mergeAccumulators(
                Iterable<Map<String, Map<VotePattern, Long>>> accumulators) {
            Map<String, Map<VotePattern, Long>> merged = new HashMap<>();
            for (Map<String, Map<VotePattern, Long>> acc : accumulators) {
                acc.forEach((g, counts) -> counts.forEach((p, n) ->
                        merged.computeIfAbsent(g, x -> new HashMap<>()).merge(p, n, Long::sum)));
            }
            return merged;
        }

        @Override
        public String extractOutput(Map<String, Map<VotePattern, Long>> acc) {
            return render(raters, acc);
        }

        @Override
        public Coder<Map<String, Map<VotePattern, Long>>> getAccumulatorCoder(
                CoderRegistry registry, Coder<KV<String, VotePattern>> inputCoder) {
            return MapCoder.of(
                    StringUtf8Coder.of(), MapCoder.of(SerializableCoder.of(VotePattern.class), VarLongCoder.of()));
        }
    }
}
