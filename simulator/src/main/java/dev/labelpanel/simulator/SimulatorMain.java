package dev.labelpanel.simulator;

import dev.labelpanel.simulator.profile.SimulatorProfile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs the simulator standalone until SIGTERM or Ctrl-C. Also usable as the {@code simulate} subcommand of a larger
 * picocli CLI ({@code addSubcommand(new SimulatorMain())}).
 */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = {
            "Serve an OpenAI-compatible chat API whose models are SIMULATED from a YAML profile:"
                    + " answers come from ground truth plus configured noise, latency and faults, never from a real LLM."
        })
public final class SimulatorMain implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--profile",
            required = true,
            paramLabel = "FILE",
            description = "Simulator profile (YAML), e.g. configs/simulator/panel-default.yaml.")
    Path profile;

    @Option(
            names = "--port",
            defaultValue = "8089",
            paramLabel = "N",
            description = "Port to listen on; 0 picks a free port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            description = "Address to bind (default: ${DEFAULT-VALUE}, loopback only).")
    String host;

    @Option(names = "--seed", paramLabel = "N", description = "Override the profile's seed.")
    Long seed;

    @Option(
            names = "--latency-scale",
            defaultValue = "1.0",
            paramLabel = "X",
            description = "Multiply every simulated latency by X; 0 answers at once (default: ${DEFAULT-VALUE}).")
    double latencyScale;

    @Option(
            names = "--timeout-hang-ms",
            paramLabel = "MS",
            description = "Override how long a 'timeout' fault holds a request before dropping the connection.")
    Long timeoutHangMs;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulatorMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        LabelerSimulator.Builder builder = LabelerSimulator.builder(SimulatorProfile.load(profile))
                .host(host)
                .port(port)
                .latencyScale(latencyScale);
        if (seed != null) {
            builder.seed(seed);
        }
        if (timeoutHangMs != null) {
            builder.timeoutFaultHang(Duration.ofMillis(timeoutHangMs));
        }
        LabelerSimulator simulator = builder.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            simulator.close();
                            stopped.countDown();
                        },
                        "simulator-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("==============================================================");
        out.println(" SIMULATION — answers are simulated, not from a real LLM");
        out.println(" labelpanel simulator, profile " + profile);
        out.println(" models: " + String.join(", ", simulator.profile().models().keySet()));
        out.println(" seed " + simulator.profile().seed() + ", latency x" + latencyScale);
        out.println(" base URL: " + simulator.baseUrl());
        out.println(" stats:    " + simulator.rootUrl() + "/stats");
        out.println(" Stop with Ctrl-C.");
        out.println("==============================================================");
        out.flush();
        stopped.await();
        return 0;
    }
}
