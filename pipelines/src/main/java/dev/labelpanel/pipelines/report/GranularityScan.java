package dev.labelpanel.pipelines.report;

import dev.labelpanel.transforms.vote.CohenKappa;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;

/**
 * What the report shows of one granularity's rows beyond the run summary's counts: every rater's label per item
 * (for the pairwise kappas), the items a person should look at (the panel split, or the calibrator revised), and
 * the confidence histogram when the rows have a {@code confidence} column.
 */
final class GranularityScan {
    static final int SAMPLES = 12;
    static final int CONFIDENCE_BINS = 10;

    private final String granularity;
    private final Map<String, List<String>> raters = new LinkedHashMap<>();
    private final List<GenericRecord> panelSplit = new ArrayList<>();
    private final List<GenericRecord> revised = new ArrayList<>();
    private final long[] confidence = new long[CONFIDENCE_BINS];
    private boolean hasConfidence;
    private int items;
    private org.apache.avro.Schema schema;

    GranularityScan(String granularity) {
        this.granularity = granularity;
    }

    /** Takes one row; {@code labelers} collects each answer's statistics. */
    void add(GenericRecord row, Map<String, LabelerStats> labelers) {
        if (schema == null) {
            schema = row.getSchema();
        }
        Map<String, String> labels = new LinkedHashMap<>();
        Integer finalLabelId = Rows.value(row, "label_id") instanceof Integer id ? id : null;
        for (Object v : Rows.list(row, "votes")) {
            GenericRecord vote = (GenericRecord) v;
            String labeler = Rows.text(vote, "labeler");
            LabelerStats stats = labelers.computeIfAbsent(labeler, LabelerStats::new);
            stats.add(vote);
            stats.stated(vote, finalLabelId);
            labels.putIfAbsent(labeler, Rows.text(vote, "label"));
        }
        GenericRecord calibration = Rows.record(row, "calibration");
        if (calibration != null) {
            String calibrator = Rows.text(calibration, "calibrator");
            for (String answer : List.of("first_answer", "critique_answer")) {
                GenericRecord vote = Rows.record(calibration, answer);
                if (vote != null) {
                    labelers.computeIfAbsent(calibrator, LabelerStats::new).add(vote);
                }
            }
            labels.putIfAbsent(calibrator, Rows.text(Rows.record(calibration, "first_answer"), "label"));
        }
        for (Map.Entry<String, String> e : labels.entrySet()) {
            raters.computeIfAbsent(e.getKey(), k -> new ArrayList<>(java.util.Collections.nCopies(items, null)));
        }
        for (Map.Entry<String, List<String>> rater : raters.entrySet()) {
            rater.getValue().add(labels.get(rater.getKey()));
        }
        items++;
        Double agreement = Rows.number(row, "agreement");
        boolean split = !labels.isEmpty() && (agreement == null || agreement < 1.0);
        if (split && panelSplit.size() < SAMPLES) {
            panelSplit.add(row);
        }
        String source = Rows.text(row, "label_source");
        boolean revisedByCalibrator = calibration != null
                && (Rows.record(calibration, "critique_answer") != null
                        || Boolean.TRUE.equals(Rows.value(calibration, "changed"))
                        || "calibrated-revised".equals(source)
                        || "calibrated-kept".equals(source));
        if (revisedByCalibrator && revised.size() < SAMPLES) {
            revised.add(row);
        }
        Double c = Rows.number(row, "confidence");
        if (c != null && !c.isNaN()) {
            hasConfidence = true;
            confidence[Math.max(0, Math.min(CONFIDENCE_BINS - 1, (int) (c * CONFIDENCE_BINS)))]++;
        }
    }

    String granularity() {
        return granularity;
    }

    /** The rows' schema as the first file read has it; null when the granularity has no row. */
    org.apache.avro.Schema schema() {
        return schema;
    }

    int items() {
        return items;
    }

    List<String> raters() {
        return List.copyOf(raters.keySet());
    }

    /** Cohen's kappa between two raters over the items both labeled. */
    CohenKappa kappa(String a, String b) {
        return CohenKappa.between(raters.get(a), raters.get(b));
    }

    List<GenericRecord> panelSplit() {
        return panelSplit;
    }

    List<GenericRecord> revised() {
        return revised;
    }

    /** Items per confidence bin ({@code [i/10, (i+1)/10)}), or null when the rows have no confidence. */
    long[] confidenceBins() {
        return hasConfidence ? confidence.clone() : null;
    }
}
