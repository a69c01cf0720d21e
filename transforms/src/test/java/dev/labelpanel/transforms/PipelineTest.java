package dev.labelpanel.transforms;

import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** A test of transforms: each test method gets a fresh {@link TestPipeline}, {@code p}, which it runs itself. */
@ExtendWith(TestPipelineExtension.class)
public abstract class PipelineTest {
    protected TestPipeline p;

    @BeforeEach
    void usePipeline(TestPipeline pipeline) {
        p = pipeline;
    }
}
