package dev.labelpanel.pipelines.report;

import dev.labelpanel.pipelines.run.LabelPanelPipeline;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * The run summary the job writes to {@code run-summary.json}, read back for people: counts per stage, items per
 * granularity and split, dead letters by reason, LLM usage and cost per stage, and the no-loss invariants checked.
 */
public final class RunSummary {
  private static final List<String> SPLITS = List.of("train", "validation", "test");

  private final JsonNode root;

  private RunSummary(JsonNode root) {
    this.root = root;
  }

  public static RunSummary read(Path file) throws IOException {
    return new RunSummary(new ObjectMapper().readTree(Files.readString(file)));
  }

  /**
   * Reads the summary at {@code location} through Beam's filesystems: a local path, or a remote one (gs://) that
   * the job wrote with a runner whose filesystem is on the classpath. Beam's default options must be set
   * ({@code FileSystems.setDefaultPipelineOptions}), as {@link LabelPanelPipeline#run} does.
   */
  public static RunSummary readFrom(String location) throws IOException {
    ResourceId file = FileSystems.matchSingleFileSpec(location).resourceId();
    try (InputStream in = Channels.newInputStream(FileSystems.open(file))) {
      return new RunSummary(new ObjectMapper().readTree(in));
    }
  }

  public static RunSummary parse(String json) throws IOException {
    return new RunSummary(new ObjectMapper().readTree(json));
  }

  /** A count by its slash path, e.g. {@code items/utterance/written/train}; 0 when absent. */
  public long count(String path) {
    JsonNode node = root;
    for (String part : path.split("/")) {
      node = node.path(part);
    }
    if (node.isObject()) {
      return sum(node);
    }
    return node.asLong(0);
  }

  private static long sum(JsonNode node) {
    if (!node.isObject()) {
      return node.asLong(0);
    }
    long total = 0;
    for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
      total += sum(it.next());
    }
    return total;
  }

  /** An amount in US dollars by its slash path, e.g. {@code cost/by_stage/panel/usd}; 0 when absent. */
  public double usd(String path) {
    JsonNode node = root;
    for (String part : path.split("/")) {
      node = node.path(part);
    }
    return node.asDouble(0);
  }

  public long deadLetters() {
    return count("dead_letters");
  }

  private void renderLabels(StringBuilder s) {
    JsonNode labels = root.path("labels");
    if (labels.isMissingNode()) {
      return;
    }
    for (String g : List.of("utterance", "context")) {
      for (String split : SPLITS) {
        JsonNode node = labels.path(g).path(split);
        if (node.isMissingNode()) {
          continue;
        }
        s.append(String.format("  %-9s %-10s labels: %s; sources: %s%n", g, split,
            join(node.path("label")), join(node.path("source"))));
      }
      JsonNode cal = root.path("calibration").path(g);
      if (!cal.isMissingNode()) {
        s.append(String.format(
            "  %-9s calibration: %d calibrated, %d self-criticised, %d changed; kappa stage-1 vs calibrator %s,"
                + " stage-1 vs final %s%n",
            g, count("calibration/" + g + "/calibrated"), count("calibration/" + g + "/critiqued"),
            count("calibration/" + g + "/changed"), kappaText(cal.path("pairs").path("stage1_vs_calibrator")),
            kappaText(cal.path("pairs").path("stage1_vs_final"))));
      }
    }
    JsonNode calls = root.path("calls");
    for (Iterator<Map.Entry<String, JsonNode>> it = calls.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> labeler = it.next();
      JsonNode c = labeler.getValue();
      s.append(String.format(
          "  calls %-12s %6d answers (%d from cache), %d HTTP attempts, %d+%d tokens, no-votes: %s%n",
          labeler.getKey(), c.path("answers").asLong(), c.path("cache_hits").asLong(), c.path("attempts").asLong(),
          c.path("prompt_tokens").asLong(), c.path("completion_tokens").asLong(), join(c.path("no_votes"))));
    }
  }

  private static String join(JsonNode counts) {
    List<String> parts = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = counts.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      parts.add(e.getKey() + " " + e.getValue().asLong());
    }
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }

  /** Cohen's kappa of a {@code {a: {b: n}}} table of label pairs; NaN when it has no pairs. */
  public static double kappa(JsonNode pairs) {
    Map<String, Long> rows = new java.util.HashMap<>();
    Map<String, Long> cols = new java.util.HashMap<>();
    long total = 0;
    long agree = 0;
    for (Iterator<Map.Entry<String, JsonNode>> r = pairs.fields(); r.hasNext(); ) {
      Map.Entry<String, JsonNode> row = r.next();
      for (Iterator<Map.Entry<String, JsonNode>> c = row.getValue().fields(); c.hasNext(); ) {
        Map.Entry<String, JsonNode> cell = c.next();
        long n = cell.getValue().asLong();
        rows.merge(row.getKey(), n, Long::sum);
        cols.merge(cell.getKey(), n, Long::sum);
        total += n;
        agree += row.getKey().equals(cell.getKey()) ? n : 0;
      }
    }
    if (total == 0) {
      return Double.NaN;
    }
    double observed = (double) agree / total;
    double expected = 0;
    for (Map.Entry<String, Long> row : rows.entrySet()) {
      expected += (double) row.getValue() * cols.getOrDefault(row.getKey(), 0L) / ((double) total * total);
    }
    return expected == 1.0 ? 1.0 : (observed - expected) / (1 - expected);
  }

  /** Kappa between stage-1 labels and the calibrator's first answers ({@code which} = stage1_vs_calibrator). */
  public double kappa(String granularity, String which) {
    return kappa(root.path("calibration").path(granularity).path("pairs").path(which));
  }

  private static String kappaText(JsonNode pairs) {
    double k = kappa(pairs);
    return Double.isNaN(k) ? "n/a" : String.format("%.3f", k);
  }

  /** Records read = records in dialogues + dead letters. */
  public boolean recordsBalance() {
    return count("records/read") == count("records/in_dialogues") + deadLetters();
  }

  /** For each granularity: items emitted = items written + duplicates. */
  public boolean itemsBalance(String granularity) {
    String base = "items/" + granularity + "/";
    return count(base + "emitted") == count(base + "written") + count(base + "duplicates");
  }

  /** True for an incremental run ({@code --previous}): it carried labels over or read a previous output. */
  public boolean incremental() {
    return !root.path("previous").isMissingNode()
        || count("items/utterance/carried_over") + count("items/context/carried_over")
            + count("items/utterance/labeled_this_run") + count("items/context/labeled_this_run") > 0;
  }

  /** Incremental runs: previous rows read = carried over + relabeled + not in the input + duplicates. */
  public boolean previousBalance() {
    return count("previous/read")
        == count("previous/carried_over") + count("previous/relabeled") + count("previous/not_in_input")
            + count("previous/duplicates");
  }

  /** Incremental runs, for each granularity: items written = carried over + labeled in this run. */
  public boolean carriedBalance(String granularity) {
    String base = "items/" + granularity + "/";
    return count(base + "written") == count(base + "carried_over") + count(base + "labeled_this_run");
  }

  public boolean balanced() {
    boolean incrementalOk =
        !incremental() || (previousBalance() && carriedBalance("utterance") && carriedBalance("context"));
    return recordsBalance() && itemsBalance("utterance") && itemsBalance("context") && incrementalOk;
  }

  private void renderIncremental(StringBuilder s) {
    long carried = count("items/utterance/carried_over") + count("items/context/carried_over");
    long labeledNow = count("items/utterance/labeled_this_run") + count("items/context/labeled_this_run");
    long relabeled = count("previous/relabeled");
    s.append(String.format(
        "  incremental       %d carried over (no calls), %d labeled now: %d new, %d relabeled (%d unlabeled"
            + " before, %d other config, %d other split)%n",
        carried, labeledNow, labeledNow - relabeled, relabeled, count("previous/relabeled/unlabeled"),
        count("previous/relabeled/config_changed"), count("previous/relabeled/split_changed")));
    s.append(String.format(
        "  previous output   %8d rows read, %d no longer in the input (not carried)%s%n",
        count("previous/read"), count("previous/not_in_input"),
        count("previous/duplicates") == 0 ? "" : ", " + count("previous/duplicates") + " duplicate ids"));
  }

  /** The summary as a short report for a terminal. */
  public String render(String outDir) {
    StringBuilder s = new StringBuilder();
    s.append("labelpanel run summary (").append(outDir).append(")\n");
    s.append(String.format("  records read      %8d  (in dialogues %d, dead letters %d)%n",
        count("records/read"), count("records/in_dialogues"), deadLetters()));
    s.append(String.format("  dialogues         %8d  (system turns skipped %d, turns merged %d)%n",
        count("dialogues"), count("turns/system_skipped"), count("turns/merged")));
    s.append(String.format("  %-10s %9s %11s %9s", "items", "emitted", "duplicates", "written"));
    for (String split : SPLITS) {
      s.append(String.format(" %11s", split));
    }
    s.append('\n');
    for (String g : List.of("utterance", "context")) {
      String base = "items/" + g + "/";
      s.append(String.format("  %-10s %9d %11d %9d", g, count(base + "emitted"), count(base + "duplicates"),
          count(base + "written")));
      for (String split : SPLITS) {
        s.append(String.format(" %11d", count(base + "written/" + split)));
      }
      s.append('\n');
    }
    List<String> reasons = new ArrayList<>();
    JsonNode dead = root.path("dead_letters");
    for (Iterator<Map.Entry<String, JsonNode>> stages = dead.fields(); stages.hasNext(); ) {
      Map.Entry<String, JsonNode> stage = stages.next();
      for (Iterator<Map.Entry<String, JsonNode>> it = stage.getValue().fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> reason = it.next();
        reasons.add(reason.getKey() + " " + reason.getValue().asLong() + " (" + stage.getKey() + ")");
      }
    }
    s.append("  dead letters      ").append(reasons.isEmpty() ? "none" : String.join(", ", reasons)).append('\n');
    if (incremental()) {
      renderIncremental(s);
    }
    renderLabels(s);
    UsageReport.render(root, s);
    s.append("  no-loss checks    records read = in dialogues + dead letters: ")
        .append(recordsBalance() ? "ok" : "MISMATCH")
        .append("; items emitted = written + duplicates: ")
        .append(itemsBalance("utterance") && itemsBalance("context") ? "ok" : "MISMATCH");
    if (incremental()) {
      s.append("; written = carried over + labeled now: ")
          .append(carriedBalance("utterance") && carriedBalance("context") ? "ok" : "MISMATCH")
          .append("; previous rows = carried + relabeled + not in input: ")
          .append(previousBalance() ? "ok" : "MISMATCH");
    }
    s.append('\n');
    return s.toString();
  }
}
