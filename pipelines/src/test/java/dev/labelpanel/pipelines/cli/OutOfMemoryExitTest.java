package dev.labelpanel.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.beam.sdk.Pipeline;
import org.junit.jupiter.api.Test;

/** The out-of-memory message and how an {@link OutOfMemoryError} is recognised behind the runner's wrappers. */
class OutOfMemoryExitTest {
    @Test
    void messageGivesTheLimitAndSuggestsTwiceItInWholeGigabytes() {
        String small = OutOfMemoryExit.message(43L << 20);
        assertTrue(small.startsWith("labelpanel ran out of memory (Java heap limit 43 MB)."), small);
        assertTrue(small.contains("LABELPANEL_JAVA_OPTS=-Xmx1g ./labelpanel run"), small);
        assertTrue(small.contains("java -Xmx1g -jar"), small);

        String large = OutOfMemoryExit.message(6L << 30);
        assertTrue(large.contains("(Java heap limit 6144 MB)"), large);
        assertTrue(large.contains("LABELPANEL_JAVA_OPTS=-Xmx12g"), large);
        assertTrue(large.contains("max_items_in_flight"), large);
    }

    @Test
    void recognisesAnOutOfMemoryErrorAsTheCauseOfAJobFailure() {
        assertTrue(OutOfMemoryExit.causedBy(new Pipeline.PipelineExecutionException(
                new RuntimeException(new OutOfMemoryError("Java heap space")))));
        assertFalse(OutOfMemoryExit.causedBy(new Pipeline.PipelineExecutionException(new IllegalStateException("x"))));
    }
}
