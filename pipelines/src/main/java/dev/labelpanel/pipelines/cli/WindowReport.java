package dev.labelpanel.pipelines.cli;

import dev.labelpanel.pipelines.report.OutputReport;
import dev.labelpanel.pipelines.report.ProgressReporter;
import dev.labelpanel.pipelines.report.RunSummary;
import dev.labelpanel.pipelines.run.LabelPanelPipeline;
import dev.labelpanel.transforms.extract.Granularity;
import dev.labelpanel.transforms.summary.SummaryKey;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Prints one line per finished window of a watch run, as its {@code run-summary.json} appears (the job writes it
 * last), writes the window's report.html and dataset card, and keeps the totals. Only local output folders are watched; for others it prints nothing.
 */
final class WindowReport implements AutoCloseable {
    private final Path windows;
    private final PrintStream out;
    private final ScheduledExecutorService timer;
    private final Set<String> seen = new TreeSet<>();
    private long records;
    private long deadLetters;
    private long written;
    private long duplicates;
    private int unbalanced;

    private WindowReport(Path windows, PrintStream out) {
        this.windows = windows;
        this.out = out;
        this.timer = ProgressReporter.daemonTimer("labelpanel-windows");
    }

    static WindowReport start(String windowsDir, PrintStream out) {
        WindowReport report = new WindowReport(windowsDir.contains("://") ? null : Path.of(windowsDir), out);
        report.timer.scheduleWithFixedDelay(report::scan, 1, 1, TimeUnit.SECONDS);
        return report;
    }

    /** Prints the windows finished since the last scan. */
    synchronized void scan() {
        if (windows == null || !Files.isDirectory(windows)) {
            return;
        }
        List<Path> folders;
        try (Stream<Path> list = Files.list(windows)) {
            folders = list.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            return; // listing again at the next scan
        }
        for (Path folder : folders) {
            String name = folder.getFileName().toString();
            Path summaryFile = folder.resolve(LabelPanelPipeline.SUMMARY_FILE);
            if (seen.contains(name) || !Files.isRegularFile(summaryFile)) {
                continue;
            }
            RunSummary summary;
            try {
                summary = RunSummary.read(summaryFile);
            } catch (IOException e) {
                continue; // not readable yet: the next scan tries again
            }
            seen.add(name);
            report(name, summary);
            try {
                OutputReport.write(folder);
            } catch (IOException | RuntimeException e) {
                out.println("  (no report.html for window " + name + ": " + e + "; retry with: labelpanel report "
                        + folder + ")");
            }
        }
    }

    private void report(String window, RunSummary summary) {
        long windowWritten = summary.countAll(SummaryKey::itemsWritten);
        long windowDuplicates = summary.countAll(SummaryKey::itemsDuplicates);
        records += summary.count(SummaryKey.recordsRead());
        deadLetters += summary.deadLetters();
        written += windowWritten;
        duplicates += windowDuplicates;
        if (!summary.balanced()) {
            unbalanced++;
        }
        out.printf(
                "window %s: %d records read (%d dead letters), %d items written (utterance %d, context %d),"
                        + " %d duplicates; no-loss checks: %s%n",
                window,
                summary.count(SummaryKey.recordsRead()),
                summary.deadLetters(),
                windowWritten,
                summary.count(SummaryKey.itemsWritten(Granularity.UTTERANCE)),
                summary.count(SummaryKey.itemsWritten(Granularity.CONTEXT)),
                windowDuplicates,
                summary.balanced() ? "ok" : "FAILED");
        out.flush();
    }

    synchronized String totals() {
        return String.format(
                "%d windows, %d records read (%d dead letters), %d items written, %d duplicates;"
                        + " no-loss checks: %s",
                seen.size(),
                records,
                deadLetters,
                written,
                duplicates,
                unbalanced == 0 ? "ok in every window" : "FAILED in " + unbalanced + " windows");
    }

    synchronized boolean allBalanced() {
        return unbalanced == 0;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
