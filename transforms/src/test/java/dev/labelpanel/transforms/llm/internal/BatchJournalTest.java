package dev.labelpanel.transforms.llm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.labelpanel.transforms.llm.internal.BatchJournal.Submission;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch journal left by earlier runs (lines from before intents included, and a line a kill left half-written):
 * opening it keeps exactly the unfinished submissions, rewritten in place, and reads them back as before.
 */
class BatchJournalTest {
    private static final String AT = "2026-11-30T08:00:00Z";

    @TempDir
    Path dir;

    private static String line(String json) {
        return json.replace("}", ",\"at\":\"" + AT + "\"}");
    }

    @Test
    void openingCompactsToTheUnfinishedSubmissionsOfEveryClient() throws Exception {
        String oldOpen =
                line("{\"event\":\"submitted\",\"client\":\"c\",\"batch\":\"b-old-open\",\"keys\":[\"k2\",\"k3\"]}");
        String openIntent = line(
                "{\"event\":\"intent\",\"client\":\"c\",\"submission\":\"s-open\",\"file\":\"f2\",\"keys\":[\"k5\"]}");
        String otherIntent = line(
                "{\"event\":\"intent\",\"client\":\"other\",\"submission\":\"s-other\",\"file\":\"f3\",\"keys\":[\"k6\"]}");
        String openSubmitted =
                line("{\"event\":\"submitted\",\"client\":\"c\",\"batch\":\"b-new-open\",\"submission\":\"s-open\"}");
        String bareIntent = line(
                "{\"event\":\"intent\",\"client\":\"c\",\"submission\":\"s-intent\",\"file\":\"f5\",\"keys\":[\"k8\"]}");
        List<String> lines = List.of(
                line("{\"event\":\"submitted\",\"client\":\"c\",\"batch\":\"b-old-done\",\"keys\":[\"k1\"]}"),
                line("{\"event\":\"ended\",\"client\":\"c\",\"batch\":\"b-old-done\",\"status\":\"completed\"}"),
                oldOpen,
                line(
                        "{\"event\":\"intent\",\"client\":\"c\",\"submission\":\"s-done\",\"file\":\"f1\",\"keys\":[\"k4\"]}"),
                line("{\"event\":\"submitted\",\"client\":\"c\",\"batch\":\"b-new-done\",\"submission\":\"s-done\"}"),
                line("{\"event\":\"ended\",\"client\":\"c\",\"batch\":\"b-new-done\",\"status\":\"expired\"}"),
                openIntent,
                otherIntent,
                openSubmitted,
                line(
                        "{\"event\":\"intent\",\"client\":\"c\",\"submission\":\"s-gone\",\"file\":\"f4\",\"keys\":[\"k7\"]}"),
                line("{\"event\":\"ended\",\"client\":\"c\",\"submission\":\"s-gone\",\"status\":\"file_gone\"}"),
                bareIntent);
        Path file = dir.resolve("batches.jsonl");
        Files.writeString(
                file,
                String.join("\n", lines) + "\n{\"event\":\"submitted\",\"client\":\"c\",\"batch\":\"b-ha",
                StandardCharsets.UTF_8);

        BatchJournal journal = BatchJournal.in(dir);

        assertEquals(
                List.of(oldOpen, openIntent, openSubmitted, otherIntent, bareIntent),
                Files.readAllLines(file, StandardCharsets.UTF_8));
        assertEquals(
                List.of("batches.jsonl"),
                Files.list(dir).map(p -> p.getFileName().toString()).toList());
        Instant at = Instant.parse(AT);
        assertEquals(
                List.of(
                        new Submission(null, null, "b-old-open", List.of("k2", "k3"), at),
                        new Submission("s-open", "f2", "b-new-open", List.of("k5"), at),
                        new Submission("s-intent", "f5", null, List.of("k8"), at)),
                journal.unfinished("c"));
        assertEquals(List.of(new Submission("s-other", "f3", null, List.of("k6"), at)), journal.unfinished("other"));

        journal.ended("c", "b-old-open", "completed");
        journal.submitted("c", "b-late", "s-intent");
        assertEquals(
                List.of(
                        new Submission("s-open", "f2", "b-new-open", List.of("k5"), at),
                        new Submission("s-intent", "f5", "b-late", List.of("k8"), at)),
                journal.unfinished("c"));
    }
}
