package dev.labelpanel.pipelines.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A summary edited in place, by a path and through a filesystem URL (as a {@code gs://} output is), leaves one file. */
class ReplaceFileTest {
    @TempDir
    Path tmp;

    @Test
    void aPathAndAFilesystemUrlAreEditedWhole() throws Exception {
        Path file = tmp.resolve("run-summary.json");
        Files.writeString(file, "{\"a\":1}");

        ReplaceFile.edit(file.toString(), text -> text.replace("}", ",\"b\":2}"));
        ReplaceFile.edit(file.toUri().toString(), text -> text.replace("}", ",\"c\":3}"));

        assertEquals("{\"a\":1,\"b\":2,\"c\":3}", Files.readString(file));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of(file), files.toList(), "no temporary file left");
        }
    }
}
