package dev.labelpanel.pipelines.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** A subcommand that reads a run config: {@code --config FILE}, required ({@code run}, {@code estimate}, {@code validate}). */
abstract class ConfigCommand extends CliCommand {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "YAML run config.")
    Path config;
}
