package dev.labelpanel.pipelines.cli;

import dev.labelpanel.pipelines.student.StudentSummary;
import dev.labelpanel.pipelines.student.TrainStudents;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code labelpanel train OUT_DIR}: a student classifier per granularity from a labeled output. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Trains a student text classifier per granularity on an output's train split (hashed word and character "
                    + "n-grams, logistic regression by SGD), selects its settings on validation and scores it on test.",
            "Writes OUT_DIR/student/<granularity>/ (model.tribuo, model.onnx, student.json, test-predictions.jsonl) "
                    + "and OUT_DIR/student/metrics.json, and adds the student to OUT_DIR/report.html."
        })
final class TrainCommand extends CliCommand {
    @Parameters(paramLabel = "OUT_DIR", description = "An output folder written by labelpanel run (with labelers).")
    Path dir;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "42",
            description = "Seed of the SGD shuffling (default ${DEFAULT-VALUE}); the same seed gives the same model.")
    long seed;

    @Option(names = "--quiet", description = "No progress lines on stderr.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> metrics = TrainStudents.run(dir, seed, line -> {
            if (!quiet) {
                printError(line);
            }
        });
        print(StudentSummary.format(dir, metrics));
        // The run's report gains the student's section (the run's wall time is read from its summary).
        RunCommand.writeReport(dir.toString());
        return 0;
    }
}
