package dev.labelpanel.pipelines.cli;

import dev.labelpanel.pipelines.report.OutputReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code labelpanel report DIR}: (re)writes an output folder's report.html and dataset card README.md. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Writes report.html (charts, labelers, agreement, calibration, items to review) and README.md (a Hugging Face"
                    + " dataset card) into an output folder, from its run-summary.json and files.",
            "labelpanel run writes both itself; use this for outputs written before, or to rebuild them."
        })
final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "An output folder written by labelpanel run (or a watch window's).")
    Path dir;

    @Option(names = "--verbose", description = "Print stack traces of failures.")
    boolean verbose;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        for (Path file : OutputReport.write(dir, null)) {
            spec.commandLine().getOut().println("labelpanel: wrote " + file);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
