package dev.labelpanel.transforms.aggregate;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Issue #15's EM figures (BENCHMARKS.md): the Dawid-Skene fit over the 81 vote patterns of a 4-labeler, 2-label
 * panel (panel-skewed.yaml's models, 12 % NSFW, 5 % no-votes) for 10^3 to 10^9 items. Per item count: the fit's
 * median wall time over repeated fits, the bytes it allocates (thread allocation counter) and its EM iterations.
 * Not a CI test (no *Test name); run:
 *
 * <pre>
 * mvn -B -q -o -pl transforms -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp "$(cat /tmp/cp.txt):schemas/target/classes:transforms/target/classes:transforms/target/test-classes" \
 *   dev.labelpanel.transforms.aggregate.DawidSkeneBenchmark
 * </pre>
 */
final class DawidSkeneBenchmark {
    private static final int REPEATS = 50;

    private DawidSkeneBenchmark() {}

    public static void main(String[] args) {
        double[] priors = {0.12, 0.88};
        double[][][] confusion = {
            {{0.95, 0.05}, {0.05, 0.95}},
            {{0.78, 0.22}, {0.22, 0.78}},
            {{0.78, 0.22}, {0.22, 0.78}},
            {{0.95, 0.05}, {0.55, 0.45}},
        };
        double[] missing = {0.05, 0.05, 0.05, 0.05};
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        DawidSkene em = DawidSkene.create(2);
        // Warm-up, so the JIT has compiled the fit before anything is measured.
        Map<VotePattern, Long> warm = DawidSkeneTest.expectedCounts(priors, confusion, missing, 1_000_000);
        for (int i = 0; i < 200; i++) {
            em.fit(4, warm);
        }
        System.out.println("| items | patterns | EM iterations | fit, median of " + REPEATS
                + " | fit, max | bytes allocated by one fit |\n| --- | --- | --- | --- | --- | --- |");
        for (long items = 1_000; items <= 1_000_000_000L; items *= 10) {
            Map<VotePattern, Long> counts = DawidSkeneTest.expectedCounts(priors, confusion, missing, items);
            double[] ms = new double[REPEATS];
            long allocated = 0;
            DawidSkeneModel model = null;
            for (int r = 0; r < REPEATS; r++) {
                long bytes0 = threads.getCurrentThreadAllocatedBytes();
                long t0 = System.nanoTime();
                model = em.fit(4, counts);
                ms[r] = (System.nanoTime() - t0) / 1e6;
                allocated = threads.getCurrentThreadAllocatedBytes() - bytes0;
            }
            Arrays.sort(ms);
            System.out.printf(
                    Locale.ROOT,
                    "| %,d | %d | %d | %.2f ms | %.2f ms | %,d |%n",
                    items,
                    counts.size(),
                    model.iterations(),
                    ms[REPEATS / 2],
                    ms[REPEATS - 1],
                    allocated);
        }
    }
}
