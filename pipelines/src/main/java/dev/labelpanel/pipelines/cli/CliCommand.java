package dev.labelpanel.pipelines.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What the {@code labelpanel} subcommands share: {@code --verbose} (read by {@link UserErrorHandler}), and
 * printing to the command line's streams (which tests capture).
 */
abstract class CliCommand implements Callable<Integer> {
    @Option(names = "--verbose", description = "Print stack traces of failures.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    /** Prints {@code text} to standard output as it is, and flushes it. */
    void print(Object text) {
        PrintWriter out = spec.commandLine().getOut();
        out.print(text);
        out.flush();
    }

    /** Prints one line to standard error and flushes it. */
    void printError(String line) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(line);
        err.flush();
    }

    /** A bad option or parameter: exit code 2 with {@code message}. */
    ParameterException usageError(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
