package dev.labelpanel.transforms.summary;

import dev.labelpanel.transforms.PipelineTest;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.junit.jupiter.api.Test;

class SummarizeRunTest extends PipelineTest {
    @Test
    void sumsCountsIntoNestedSortedJson() {
        PCollection<KV<String, Long>> a = p.apply(
                "A",
                Create.of(KV.of("records/read", 3L), KV.of("items/utterance/written/train", 2L))
                        .withCoder(RunCounts.coder()));
        PCollection<KV<String, Long>> b = p.apply(
                "B",
                Create.of(KV.of("records/read", 4L), KV.of("dialogues", 1L), KV.of("items/utterance/written/train", 1L))
                        .withCoder(RunCounts.coder()));
        PAssert.thatSingleton(PCollectionList.of(a).and(b).apply(SummarizeRun.create()))
                .isEqualTo("{\n  \"dialogues\" : 1,\n  \"items\" : {\n    \"utterance\" : {\n      \"written\" : {\n"
                        + "        \"train\" : 3\n      }\n    }\n  },\n  \"records\" : {\n    \"read\" : 7\n  }\n}");
        p.run();
    }

    @Test
    void noCountsGiveAnEmptyObject() {
        PCollection<KV<String, Long>> none = p.apply(Create.empty(RunCounts.coder()));
        PAssert.thatSingleton(PCollectionList.of(none).apply(SummarizeRun.create()))
                .isEqualTo("{ }");
        p.run();
    }
}
