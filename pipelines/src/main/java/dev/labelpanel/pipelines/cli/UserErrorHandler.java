package dev.labelpanel.pipelines.cli;

import dev.labelpanel.pipelines.config.ConfigException;
import picocli.CommandLine;

/**
 * Turns the errors a user can fix (bad config, bad option values) into one clear line and exit code 2; other
 * failures print one line and exit 1, with the stack trace only under {@code --verbose}.
 */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        boolean verbose = parseResult.hasMatchedOption("--verbose")
                || (parseResult.subcommand() != null && parseResult.subcommand().hasMatchedOption("--verbose"));
        if (verbose) {
            e.printStackTrace(commandLine.getErr());
        }
        if (OutOfMemoryExit.causedBy(e)) {
            OutOfMemoryExit.report(commandLine.getErr());
            return 1;
        }
        Throwable userError = findUserError(e);
        if (userError != null) {
            commandLine.getErr().println("labelpanel: " + userError.getMessage());
            return 2;
        }
        commandLine
                .getErr()
                .println("labelpanel: the run failed: " + rootMessage(e)
                        + (verbose ? "" : " (run with --verbose for the stack trace)"));
        return 1;
    }

    private static Throwable findUserError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigException || t instanceof IllegalArgumentException) {
                return t;
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
