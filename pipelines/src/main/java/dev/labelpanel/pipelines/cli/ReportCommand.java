package dev.labelpanel.pipelines.cli;

import dev.labelpanel.pipelines.report.OutputReport;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code labelpanel report DIR}: (re)writes an output folder's report.html and dataset card README.md. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Writes report.html (charts, labelers, agreement, calibration, items to review) and README.md (a Hugging Face"
                    + " dataset card) into an output folder, from its run-summary.json and files.",
            "labelpanel run writes both itself; use this for outputs written before, or to rebuild them."
        })
final class ReportCommand extends CliCommand {
    @Parameters(paramLabel = "DIR", description = "An output folder written by labelpanel run (or a watch window's).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        for (Path file : OutputReport.write(dir)) {
            print("labelpanel: wrote " + file + System.lineSeparator());
        }
        return 0;
    }
}
