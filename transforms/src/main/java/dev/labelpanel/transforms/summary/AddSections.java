package dev.labelpanel.transforms.summary;

import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Adds the top-level sections of other JSON objects (e.g. {@link PanelStatistics}, computed beside the counts) to
 * the run summary of the same window. A section the summary already has is replaced.
 */
public final class AddSections extends PTransform<PCollection<String>, PCollection<String>> {
    private static final long serialVersionUID = 1L;

    private final PCollection<String> sections;

    private AddSections(PCollection<String> sections) {
        this.sections = sections;
    }

    /** Adds every JSON object of {@code sections} (of the summary's window) to the summary. */
    public static AddSections from(PCollection<String> sections) {
        return new AddSections(sections);
    }

    @Override
    public PCollection<String> expand(PCollection<String> summary) {
        PCollectionView<List<String>> view = sections.apply("AsSideInput", View.asList());
        return summary.apply("Merge", ParDo.of(new MergeFn(view)).withSideInputs(view))
                .setCoder(StringUtf8Coder.of());
    }

    /** {@code summaryJson} with the top-level fields of each of {@code sectionsJson}. */
    static String merge(String summaryJson, List<String> sectionsJson) {
        return SummaryJson.edit(summaryJson, root -> {
            for (String section : sectionsJson) {
                SummaryJson.read(section).fields().forEachRemaining(f -> root.set(f.getKey(), f.getValue()));
            }
        });
    }

    static final class MergeFn extends DoFn<String, String> {
        private final PCollectionView<List<String>> sections;

        MergeFn(PCollectionView<List<String>> sections) {
            this.sections = sections;
        }

        @ProcessElement
        public void process(ProcessContext c) {
            c.output(merge(c.element(), c.sideInput(sections)));
        }
    }
}
