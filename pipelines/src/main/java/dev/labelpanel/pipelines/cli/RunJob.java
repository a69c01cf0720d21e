package dev.labelpanel.pipelines.cli;

import picocli.CommandLine;

/**
 * {@code labelpanel run} as a main class of its own, for launchers that start {@code java -cp JAR CLASS
 * --option=value ...} with no subcommand: Apache Airflow's {@code BeamRunJavaPipelineOperator} ({@code job_class}),
 * {@code flink run -c}, {@code spark-submit --class}. Same options and exit codes as {@code labelpanel run}.
 */
public final class RunJob {
    private RunJob() {}

    public static void main(String[] args) {
        CliMain.exit(commandLine(), args);
    }

    public static CommandLine commandLine() {
        return CliMain.commandLine(new RunCommand());
    }
}
