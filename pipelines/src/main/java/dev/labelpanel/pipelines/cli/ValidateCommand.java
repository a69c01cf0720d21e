package dev.labelpanel.pipelines.cli;

import dev.labelpanel.pipelines.validate.ConfigValidation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code labelpanel validate}: checks a config without running anything. */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Checks a config without running anything: keys and values, roles, labelers, prompt templates, the vote rule,",
            "input globs that match no file and API key variables that are not set. Exit 0 when valid, 2 otherwise."
        })
final class ValidateCommand extends ConfigCommand {
    @Option(
            names = "--ping",
            description = "Also send one 1-token request to each distinct endpoint, and PING the Redis cache when"
                    + " cache.store is redis; report OK or the error.")
    boolean ping;

    @Override
    public Integer call() {
        ConfigValidation.Report report = ConfigValidation.validate(config, System::getenv, ping);
        report.problems().forEach(p -> printError("labelpanel: " + p));
        print(report.render());
        return report.valid() ? 0 : 2;
    }
}
