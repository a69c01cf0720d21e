package dev.labelpanel.pipelines.cli;

import dev.labelpanel.pipelines.config.RunConfig;
import dev.labelpanel.pipelines.run.EmbeddedSimulator;
import dev.labelpanel.pipelines.run.LabelPanelOptions;
import dev.labelpanel.pipelines.run.WatchPipeline;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.beam.sdk.PipelineResult;

/**
 * {@code labelpanel run --watch} in a terminal or under a service manager: starts {@link WatchPipeline}, prints
 * each window as it is finished, and stops cleanly on SIGTERM or Ctrl-C. A shutdown hook raises the job's stop
 * signal and waits while the job drains (the files found at the next poll are read, every open window is finished
 * and written), then ends the JVM with the run's exit code: 0 when every window's counts add up.
 */
final class WatchSession {
    private final PrintStream out;
    private final PrintStream err;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final Thread hook = new Thread(this::onShutdown, "labelpanel-watch-stop");
    private volatile WatchPipeline.Running running;
    private volatile int exitCode = 1;
    private volatile String runner = "DirectRunner";

    private WatchSession(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs the watch job (with the embedded simulator if the config has one) until it is stopped; the exit code. */
    static int run(LabelPanelOptions options, RunConfig config, PrintStream out, PrintStream err) {
        WatchSession session = new WatchSession(out, err);
        Runtime.getRuntime().addShutdownHook(session.hook);
        try {
            if (config.simulator() != null && config.hasLabeling()) {
                try (EmbeddedSimulator simulator = EmbeddedSimulator.start(config.simulator())) {
                    options.setSimulatorUrl(simulator.baseUrl());
                    session.exitCode = session.watch(options, config);
                }
            } else {
                session.exitCode = session.watch(options, config);
            }
            return session.exitCode;
        } catch (RuntimeException | Error e) {
            if (session.stopRequested.get()) {
                // The JVM ends as soon as this session is finished: say why here, the error handler would be too late.
                err.println("labelpanel: the run failed while stopping: " + e);
            }
            throw e;
        } finally {
            session.finish();
        }
    }

    private int watch(LabelPanelOptions options, RunConfig config) {
        runner = options.getRunner().getSimpleName();
        running = WatchPipeline.run(options, config);
        if (stopRequested.get()) {
            running.stop().raise();
        }
        out.printf(
                "labelpanel watch: new files are read every %s; windows of %s are written to %s/ as they close"
                        + " (stop with Ctrl-C or SIGTERM)%n",
                seconds(running.pollInterval().getMillis()),
                seconds(running.window().getMillis()),
                running.windowsDir());
        out.flush();
        PipelineResult.State state;
        try (WindowReport report = WindowReport.start(running.windowsDir(), out)) {
            state = running.result().waitUntilFinish();
            report.scan();
            if (state != PipelineResult.State.DONE) {
                if (!OutOfMemoryExit.explainUnfinished(err)) {
                    err.println("labelpanel: the job ended in state " + state);
                }
                return 1;
            }
            removeEmptyTempFolder(running.outDir());
            out.printf("labelpanel watch stopped: %s%n", report.totals());
            return report.allBalanced() ? 0 : 1;
        }
    }

    /** Per-window writes stage their files in {@code <out>/.temp-beam/}; after a drain it is empty. */
    private static void removeEmptyTempFolder(String outDir) {
        if (outDir.contains("://")) {
            return;
        }
        try {
            Files.deleteIfExists(Path.of(outDir, ".temp-beam"));
        } catch (IOException notEmptyOrGone) {
            // Left for Beam: something in it was not finished.
        }
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    private void onShutdown() {
        if (finished.getCount() > 0) {
            stopRequested.set(true);
            err.println(
                    "labelpanel: stopping: no new files are taken after the next poll; the open windows are finished"
                            + " and written (a second signal does not abandon them: send SIGKILL for that)");
            err.flush();
            WatchPipeline.Running job = running;
            if (job != null) {
                job.stop().raise();
            }
            if (!"DirectRunner".equals(runner)) {
                err.println("labelpanel: if the job runs on a cluster, this signal cannot reach it: stop it there (e.g."
                        + " flink stop --drain <job id>); this command ends when the job does");
            }
            try {
                finished.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        out.flush();
        err.flush();
        // The JVM would exit with 143 (killed by SIGTERM); the run stopped as asked, so end with its own exit code.
        Runtime.getRuntime().halt(exitCode);
    }

    private void finish() {
        finished.countDown();
        if (!stopRequested.get()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or about to: it sees the session finished and ends the JVM with its exit code.
            }
        }
    }
}
