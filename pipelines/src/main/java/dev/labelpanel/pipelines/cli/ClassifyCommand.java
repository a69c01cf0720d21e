package dev.labelpanel.pipelines.cli;

import dev.labelpanel.pipelines.config.ConfigLoader;
import dev.labelpanel.pipelines.config.RunConfig;
import dev.labelpanel.pipelines.run.LabelPanelPipeline;
import dev.labelpanel.pipelines.student.ClassifyDialogues;
import dev.labelpanel.transforms.read.ReadDialogues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code labelpanel classify --model M INPUT…}: applies a trained student to dialogues. */
@Command(
        name = "classify",
        mixinStandardHelpOptions = true,
        description = {
            "Labels the items of dialogue files with a student trained by labelpanel train: the same formats and dead "
                    + "letters as run; writes OUT/<granularity>/predictions-*.parquet (item, predicted_label, probability) "
                    + "and OUT/dead-letter/."
        })
final class ClassifyCommand extends CliCommand {
    @Option(
            names = "--model",
            paramLabel = "M",
            required = true,
            description = "OUT_DIR/student (both granularities) or one granularity's folder in it.")
    Path model;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Folder to write; must not exist yet.")
    Path out;

    @Parameters(
            paramLabel = "INPUT",
            arity = "0..*",
            description = "Input files or glob patterns (JSON Lines, JSON, CSV, Parquet; .gz and other compressions); "
                    + "default: the config's input.paths.")
    List<String> inputs;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Read as this run config's input section says (format, CSV columns, text limit); without it, "
                    + "formats by file extension and CSV columns by their default names.")
    Path config;

    @Override
    public Integer call() throws Exception {
        if (Files.exists(out)) {
            throw usageError("--out " + out + " exists already: pass a new folder");
        }
        List<String> patterns = inputs == null
                ? List.of()
                : inputs.stream()
                        .map(i -> i.contains("://")
                                ? i
                                : Path.of(i).toAbsolutePath().toString())
                        .toList();
        ReadDialogues read;
        if (config != null) {
            RunConfig runConfig = ConfigLoader.load(config);
            read = LabelPanelPipeline.readDialogues(
                    runConfig, patterns.isEmpty() ? runConfig.input().paths() : patterns);
        } else if (patterns.isEmpty()) {
            throw usageError("no INPUT: name input files or patterns, or --config");
        } else {
            read = ReadDialogues.from(patterns);
        }
        ClassifyDialogues.Outcome o = ClassifyDialogues.run(read, model, out);
        StringBuilder s = new StringBuilder("labelpanel classify summary (")
                .append(out.toAbsolutePath())
                .append(")\n");
        o.itemsPerGranularity().forEach((g, n) -> s.append(String.format("  %-10s %8d items classified%n", g, n)));
        s.append(String.format("  dead letters %6d  (%s)%n", o.deadLetters(), out.resolve("dead-letter")));
        s.append(String.format(
                "  speed      %8.0f items/s over the whole job (%.1f s wall time, start-up included)%n",
                o.items() / o.seconds(), o.seconds()));
        s.append(String.format(
                "  prediction %8.0f items/s per core (features and model alone, %.2f s CPU)%n",
                o.items() / o.predictSeconds(), o.predictSeconds()));
        print(s);
        return 0;
    }
}
