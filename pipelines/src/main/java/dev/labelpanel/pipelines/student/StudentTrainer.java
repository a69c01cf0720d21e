package dev.labelpanel.pipelines.student;

import dev.labelpanel.pipelines.student.LabeledRows.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Trains the student of one granularity with Tribuo: logistic regression ({@link LogMulticlass}) by SGD with
 * AdaGrad, over a small grid of epochs and learning rates; the setting with the best macro-F1 on the validation
 * split wins (ties: the earlier, smaller setting), and is scored once on the test split. Same rows and seed, same
 * model.
 */
public final class StudentTrainer {
    /** The grid, in the order settings are tried. */
    static final List<Setting> GRID = grid();
    /** Tribuo logs every training at INFO through java.util.logging; kept here so the level setting stays. */
    private static final java.util.logging.Logger TRIBUO_LOG = java.util.logging.Logger.getLogger("org.tribuo");

    static {
        TRIBUO_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final long seed;

    public StudentTrainer(long seed) {
        this.seed = seed;
    }

    /**
     * One point of the grid; {@code balanced} weights each example by n / (labels × count of its label), so a rare
     * label (NSFW) counts as much in total as a frequent one.
     */
    public record Setting(int epochs, double learningRate, boolean balanced) {}

    private static List<Setting> grid() {
        List<Setting> grid = new ArrayList<>();
        for (boolean balanced : new boolean[] {false, true}) {
            for (int epochs : new int[] {5, 15}) {
                for (double rate : new double[] {0.1, 0.5}) {
                    grid.add(new Setting(epochs, rate, balanced));
                }
            }
        }
        return List.copyOf(grid);
    }

    /** One test prediction, next to the teacher's labels. */
    public record TestPrediction(
            String itemId, String label, String panelLabel, String predicted, double probability) {}

    /** What one training gives: the chosen setting, the validation score of each setting, the test predictions. */
    public record Outcome(
            Setting chosen, Map<Setting, Double> validationMacroF1, StudentModel model, List<TestPrediction> test) {}

    /**
     * Trains on {@code train}, each example weighted by {@code weight} (1 for hard labels, the confidence for the
     * weighted variant), selects on {@code validation} and predicts {@code test}.
     */
    public Outcome train(
            String granularity, List<Row> train, List<Row> validation, List<Row> test, ToDoubleFunction<Row> weight) {
        int contextTurns = train.stream()
                .mapToInt(r -> r.context() == null ? 0 : r.context().size())
                .max()
                .orElse(0);
        Map<String, Long> perLabel = new TreeMap<>();
        train.forEach(r -> perLabel.merge(r.label(), 1L, Long::sum));
        Map<Setting, Double> scores = new LinkedHashMap<>();
        Setting best = null;
        StudentModel bestModel = null;
        for (Setting s : GRID) {
            MutableDataset<Label> data = new MutableDataset<>(
                    new SimpleDataSourceProvenance("labelpanel " + granularity + " train split", new LabelFactory()),
                    new LabelFactory());
            for (Row r : train) {
                double balance = s.balanced() ? (double) train.size() / (perLabel.size() * perLabel.get(r.label())) : 1;
                data.add(StudentFeatures.example(
                        new Label(r.label()),
                        (float) (weight.applyAsDouble(r) * balance),
                        r.role(),
                        r.text(),
                        r.context()));
            }
            LinearSGDTrainer trainer = new LinearSGDTrainer(
                    new LogMulticlass(), new AdaGrad(s.learningRate(), 0.1), s.epochs(), -1, 1, seed);
            Model<Label> model = trainer.train(data);
            StudentModel student = new StudentModel(model, granularity, Math.max(1, contextTurns));
            double f1 = validation.isEmpty() ? 0 : score(student, validation).macroF1();
            scores.put(s, f1);
            if (best == null || f1 > scores.get(best)) {
                best = s;
                bestModel = student;
            }
        }
        List<TestPrediction> predictions = new ArrayList<>();
        for (Row r : test) {
            StudentModel.Predicted p = bestModel.predict(r.role(), r.text(), r.context());
            predictions.add(new TestPrediction(r.itemId(), r.label(), r.panelLabel(), p.label(), p.probability()));
        }
        return new Outcome(best, scores, bestModel, predictions);
    }

    static Scores score(StudentModel model, List<Row> rows) {
        List<String> reference = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        for (Row r : rows) {
            reference.add(r.label());
            predicted.add(model.predict(r.role(), r.text(), r.context()).label());
        }
        return Scores.of(reference, predicted);
    }
}
