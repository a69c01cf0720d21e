package dev.labelpanel.pipelines.cli;

import dev.labelpanel.pipelines.inspect.OutputInspector;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code labelpanel inspect DIR}: what an output folder holds. */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description =
                "Prints an output folder's schema, rows per file, labels per granularity and split, and sample rows.")
final class InspectCommand extends CliCommand {
    @Parameters(paramLabel = "DIR", description = "An output folder written by labelpanel run.")
    Path dir;

    @Option(
            names = "--rows",
            paramLabel = "N",
            defaultValue = "3",
            description = "Sample rows to print (default ${DEFAULT-VALUE}).")
    int rows;

    @Override
    public Integer call() throws Exception {
        if (rows < 0) {
            throw usageError("--rows must be at least 0 but was " + rows);
        }
        print(OutputInspector.inspect(dir, rows));
        return 0;
    }
}
