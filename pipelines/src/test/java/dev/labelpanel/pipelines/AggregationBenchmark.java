package dev.labelpanel.pipelines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Issue #15's table (BENCHMARKS.md): AggregationIT's comparison on both CensorChat pools whole (read in place,
 * 18,067 items), for each simulator profile named (default: panel-skewed). Not a CI test (no *Test/*IT name); after
 * {@code mvn -B -o -pl pipelines -am package -DskipTests} and {@code mvn -B -o -pl pipelines -am test-compile}, run:
 *
 * <pre>
 * java -cp pipelines/target/labelpanel-pipelines-0.1.0-SNAPSHOT-all.jar:pipelines/target/test-classes \
 *   dev.labelpanel.pipelines.AggregationBenchmark panel-skewed panel-equal
 * </pre>
 */
final class AggregationBenchmark {
    private AggregationBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path pools = RunFixture.POOLS;
        Path work = Files.createTempDirectory("labelpanel-aggregation-bench");
        for (String profile : args.length == 0 ? List.of("panel-skewed") : List.of(args)) {
            long t0 = System.nanoTime();
            AggregationComparison comparison = AggregationComparison.run(work, profile, pools + "/*.json");
            System.out.println(comparison.report());
            System.out.printf("%s: both runs took %.0f s%n", profile, (System.nanoTime() - t0) / 1e9);
        }
    }
}
