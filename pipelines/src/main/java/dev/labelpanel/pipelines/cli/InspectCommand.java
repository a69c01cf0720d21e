package dev.labelpanel.pipelines.cli;

import dev.labelpanel.pipelines.inspect.OutputInspector;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code labelpanel inspect DIR}: what an output folder holds. */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description =
                "Prints an output folder's schema, rows per file, labels per granularity and split, and sample rows.")
final class InspectCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "An output folder written by labelpanel run.")
    Path dir;

    @Option(
            names = "--rows",
            paramLabel = "N",
            defaultValue = "3",
            description = "Sample rows to print (default ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--verbose", description = "Print stack traces of failures.")
    boolean verbose;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (rows < 0) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--rows must be at least 0 but was " + rows);
        }
        spec.commandLine().getOut().print(OutputInspector.inspect(dir, rows));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
