package dev.labelpanel.pipelines.cli;

import dev.labelpanel.simulator.SimulatorMain;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code labelpanel} command. Exit codes: 0 success; 1 the job failed or its output did not add up;
 * 2 bad usage or config (the message says what to change).
 */
@Command(
        name = "labelpanel",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Turns chat logs into labeled datasets with a panel of LLMs (the CensorChat method).",
        subcommands = {
            RunCommand.class,
            ValidateCommand.class,
            EstimateCommand.class,
            InspectCommand.class,
            TrainCommand.class,
            ClassifyCommand.class,
            ReportCommand.class,
            SimulatorMain.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the job failed, or its counts did not add up", "2:bad usage or configuration"})
public final class LabelPanelCommand {
    public static void main(String[] args) {
        CliMain.exit(commandLine(), args);
    }

    public static CommandLine commandLine() {
        return CliMain.commandLine(new LabelPanelCommand());
    }
}
