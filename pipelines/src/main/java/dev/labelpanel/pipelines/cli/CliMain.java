package dev.labelpanel.pipelines.cli;

import picocli.CommandLine;

/** What every main class of the CLI shares: the user-error handler, case-insensitive enums, the out-of-memory exit. */
final class CliMain {
    private CliMain() {}

    static CommandLine commandLine(Object command) {
        return new CommandLine(command)
                .setExecutionExceptionHandler(new UserErrorHandler())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    /** Runs {@code commandLine} on {@code args} and exits the JVM with its exit code. */
    static void exit(CommandLine commandLine, String[] args) {
        OutOfMemoryExit.install();
        int exitCode;
        try {
            exitCode = commandLine.execute(args);
        } catch (OutOfMemoryError e) {
            OutOfMemoryExit.report(System.err);
            exitCode = 1;
        }
        System.exit(exitCode);
    }
}
