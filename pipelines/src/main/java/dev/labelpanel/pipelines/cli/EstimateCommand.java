package dev.labelpanel.pipelines.cli;

import dev.labelpanel.pipelines.config.ConfigLoader;
import dev.labelpanel.pipelines.estimate.CostEstimate;
import dev.labelpanel.pipelines.estimate.EstimateReport;
import dev.labelpanel.pipelines.estimate.Estimator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code labelpanel estimate}: items, calls, tokens and cost of a run, without calling any LLM. */
@Command(
        name = "estimate",
        mixinStandardHelpOptions = true,
        description = {
            "Reads and splits the input (no labeling) and estimates the run's LLM calls, tokens and cost per labeler",
            "from the prompts of a sample of items and the prices in the config. No LLM is called."
        })
final class EstimateCommand extends ConfigCommand {
    @Option(
            names = "--tie-rate",
            paramLabel = "RATE",
            defaultValue = "0.10",
            description =
                    "Assumed share of items without a panel majority, sent to the filler (default ${DEFAULT-VALUE}).")
    double tieRate;

    @Option(
            names = "--disagree-rate",
            paramLabel = "RATE",
            defaultValue = "0.10",
            description = "Assumed share of calibrated items where the calibrator disagrees and criticises itself"
                    + " (default ${DEFAULT-VALUE}).")
    double disagreeRate;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        CostEstimate.Result result = Estimator.estimate(ConfigLoader.load(config), tieRate, disagreeRate);
        print(
                json
                        ? EstimateReport.json(result, tieRate, disagreeRate)
                        : EstimateReport.table(result, tieRate, disagreeRate));
        return 0;
    }
}
