package dev.labelpanel.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The run summary the job writes to {@code run-summary.json}, read back for people: counts per stage, items per
 * granularity and split, dead letters by reason, and the no-loss invariants checked.
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

  public long deadLetters() {
    return count("dead_letters");
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

  public boolean balanced() {
    return recordsBalance() && itemsBalance("utterance") && itemsBalance("context");
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
    s.append("  no-loss checks    records read = in dialogues + dead letters: ")
        .append(recordsBalance() ? "ok" : "MISMATCH")
        .append("; items emitted = written + duplicates: ")
        .append(itemsBalance("utterance") && itemsBalance("context") ? "ok" : "MISMATCH")
        .append('\n');
    return s.toString();
  }
}
