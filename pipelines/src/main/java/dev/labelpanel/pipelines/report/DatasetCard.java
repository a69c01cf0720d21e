package dev.labelpanel.pipelines.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.labelpanel.transforms.summary.SummaryKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The output's {@code README.md} as a Hugging Face dataset card: YAML front matter with one {@code configs} entry
 * per granularity (its {@code data_files} map each split, and {@code unlabeled} when there is one, to the Parquet
 * files) and {@code dataset_info} (features from the files' schema, with {@code label_id} as a class label, and
 * rows per split), then the method, the counts and the SIMULATION notice for people.
 */
record DatasetCard(String name, RunSummary summary, RunMethod method, OutputScan scan) {
    static final List<String> PARTS = List.of("train", "validation", "test", "unlabeled");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    String render() {
        Map<String, Map<String, Long>> rows = scan.rowsPerPart();
        StringBuilder s = new StringBuilder("---\n").append(frontMatter(rows)).append("---\n\n");
        s.append("# ").append(name).append("\n\n");
        if (method.simulated()) {
            s.append("> **SIMULATION**: the labels of this dataset come from the labeler simulator (simulated LLMs that"
                    + " answer from ground truth plus configured noise), not from real models. Do not use them as real"
                    + " labels.\n\n");
        }
        s.append("A text-classification dataset built by labelpanel from chat logs: dialogues")
                .append(
                        " split into items, deduplicated, assigned to splits by a hash, and labeled by a panel of LLMs.\n\n");
        s.append("## Loading\n\n```python\nfrom datasets import load_dataset\n");
        for (String g : rows.keySet()) {
            s.append("ds = load_dataset(\"path/to/")
                    .append(name)
                    .append("\", \"")
                    .append(g)
                    .append("\")\n");
        }
        s.append("```\n\n");
        s.append("## Labels\n\n");
        if (method.labels().isEmpty()) {
            s.append("No labels: the run had no labelers, so `label` and `label_id` are empty.\n\n");
        } else {
            for (int i = 0; i < method.labels().size(); i++) {
                s.append("- `")
                        .append(i)
                        .append("`: ")
                        .append(method.labels().get(i))
                        .append('\n');
            }
            s.append("\n`label_id` is the index of `label`; `label_source` says how the label was decided.\n\n");
        }
        s.append("## Method\n\n").append(methodText()).append('\n');
        s.append("## Rows per split\n\n| config | ")
                .append(String.join(" | ", PARTS))
                .append(" |\n|---|")
                .append("---:|".repeat(PARTS.size()))
                .append('\n');
        rows.forEach((g, parts) -> {
            s.append("| ").append(g);
            PARTS.forEach(p -> s.append(" | ").append(parts.getOrDefault(p, 0L)));
            s.append(" |\n");
        });
        s.append(
                "\nThe `unlabeled` split holds items no model could label, with the reason in `unlabeled_reason`.\n\n");
        s.append("Records read: ")
                .append(summary.count(SummaryKey.recordsRead()))
                .append("; dead letters (records that could not" + " be used, in `dead-letter/`): ")
                .append(summary.deadLetters())
                .append(". Every count is in" + " `run-summary.json`; charts are in `report.html`.\n\n");
        if (!scan.configHashes.isEmpty()) {
            s.append("Config hash: `")
                    .append(String.join("`, `", scan.configHashes))
                    .append("`.\n");
        }
        return s.toString();
    }

    private String methodText() {
        if (!method.recorded()) {
            return "This output was written before labelpanel recorded the labeling method in `run-summary.json`;"
                    + " the votes in each row name the labelers and models. Whether a simulator answered is not recorded.\n";
        }
        if (!method.labeled()) {
            return "No labelers: the items were extracted, deduplicated and split, and written without labels.\n";
        }
        StringBuilder s = new StringBuilder();
        s.append("1. **Panel vote**: ")
                .append(roles(method.panel()))
                .append(" label each item; ")
                .append(
                        method.dawidSkene()
                                ? "a Dawid-Skene model fitted to all the panel's votes (`aggregation: dawid-skene`)"
                                        + " gives the stage-1 label, unless its confidence is below `fill_below`.\n"
                                : "the vote rule `" + method.voteRule() + "` gives the stage-1 label.\n");
        s.append("2. **Gap fill**: items without a stage-1 label are labeled by ")
                .append(roles(List.of(method.filler())))
                .append(".\n");
        s.append("3. **Calibration**: validation and test items are labeled again by ")
                .append(roles(List.of(method.calibrator())))
                .append("; where it disagrees, it is asked to criticise its answer, and its final label decides.\n");
        s.append("\nEvery vote, raw answer and calibration answer is kept in the row (`votes`, `calibration`).\n");
        return s.toString();
    }

    private static String roles(List<RunMethod.Role> roles) {
        List<String> names = new ArrayList<>();
        roles.forEach(r -> names.add("`" + r.name() + "` (model `" + r.model() + "`)"));
        return String.join(", ", names);
    }

    private String frontMatter(Map<String, Map<String, Long>> rows) {
        ObjectNode root = JSON.objectNode();
        root.put("pretty_name", name);
        root.putArray("task_categories").add("text-classification");
        ArrayNode tags = root.putArray("tags").add("labelpanel");
        if (method.simulated()) {
            tags.add("simulated-labels");
        }
        ArrayNode configs = root.putArray("configs");
        ArrayNode infos = root.putArray("dataset_info");
        boolean first = true;
        for (Map.Entry<String, Map<String, Long>> g : rows.entrySet()) {
            ObjectNode config = configs.addObject().put("config_name", g.getKey());
            if (first) {
                config.put("default", true);
                first = false;
            }
            ArrayNode files = config.putArray("data_files");
            ObjectNode info = infos.addObject().put("config_name", g.getKey());
            GranularityScan granularity = scan.granularities.get(g.getKey());
            ArrayNode features = granularity == null || granularity.schema() == null
                    ? null
                    : FeatureSchema.features(granularity.schema(), method.labels());
            if (features != null) {
                info.set("features", features);
            }
            ArrayNode splits = info.putArray("splits");
            for (String part : PARTS) {
                Long n = g.getValue().get(part);
                if (n != null) {
                    files.addObject().put("split", part).put("path", g.getKey() + "/" + part + "-*.parquet");
                    splits.addObject().put("name", part).put("num_examples", n);
                }
            }
        }
        try {
            return new YAMLMapper()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
