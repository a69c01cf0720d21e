package dev.labelpanel.pipelines.report;

import dev.labelpanel.pipelines.config.ConfigException;
import dev.labelpanel.pipelines.run.LabelPanelPipeline;
import dev.labelpanel.pipelines.run.ReplaceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes what people read of an output folder: {@code report.html} (charts and samples, {@link ReportPage}) and
 * {@code README.md} (a Hugging Face dataset card, {@link DatasetCard}), both from the folder's run summary and
 * files alone, so they can be rebuilt for any finished output, older ones included.
 */
public final class OutputReport {
    public static final String REPORT_FILE = "report.html";
    public static final String CARD_FILE = "README.md";

    private OutputReport() {}

    /**
     * Writes both files into the local output folder {@code dir} (the run's wall time comes from its summary, {@link
     * RunTiming}). Returns the files written.
     */
    public static List<Path> write(Path dir) throws IOException {
        Path summaryFile = dir.resolve(LabelPanelPipeline.SUMMARY_FILE);
        if (!Files.isRegularFile(summaryFile)) {
            throw new ConfigException("no " + LabelPanelPipeline.SUMMARY_FILE + " in " + dir + ": pass the folder of a"
                    + " finished labelpanel run (its --out; a watch run's windows are under windows/)");
        }
        RunSummary summary = RunSummary.read(summaryFile);
        OutputScan scan = OutputScan.of(dir);
        RunMethod method = RunMethod.of(summary);
        if (!method.recorded()) {
            method = new RunMethod(
                    false,
                    !scan.labelIds.isEmpty(),
                    false,
                    labelsFromRows(scan.labelIds),
                    null,
                    null,
                    List.of(),
                    null,
                    null);
        }
        String name = dir.toAbsolutePath().normalize().getFileName() == null
                ? dir.toString()
                : dir.toAbsolutePath().normalize().getFileName().toString();
        List<Path> written = new ArrayList<>();
        written.add(ReplaceFile.write(
                dir.resolve(REPORT_FILE),
                new ReportPage(name, summary, method, scan, StudentSection.of(dir)).render()));
        written.add(ReplaceFile.write(dir.resolve(CARD_FILE), new DatasetCard(name, summary, method, scan).render()));
        return written;
    }

    /** Label names by {@code label_id} as the rows have them, when the ids seen are exactly 0..n-1; else none. */
    static List<String> labelsFromRows(Map<Integer, String> labelIds) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<Integer, String> e : labelIds.entrySet()) {
            if (e.getKey() != names.size()) {
                return List.of();
            }
            names.add(e.getValue());
        }
        return List.copyOf(names);
    }
}
