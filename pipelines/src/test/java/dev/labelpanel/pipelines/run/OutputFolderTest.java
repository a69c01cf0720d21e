package dev.labelpanel.pipelines.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labelpanel.pipelines.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFolderTest {
    @TempDir
    Path dir;

    @Test
    void aFolderWithAFinishedOutputNeedsOverwrite() throws Exception {
        Files.createDirectories(dir.resolve("utterance"));
        Files.writeString(dir.resolve(LabelPanelPipeline.SUMMARY_FILE), "{}");
        ConfigException refused =
                assertThrows(ConfigException.class, () -> OutputFolder.prepare(dir.toString(), false));
        assertTrue(refused.getMessage().contains("pass --overwrite"), refused.getMessage());
        OutputFolder.prepare(dir.toString(), true);
        assertFalse(Files.exists(dir.resolve(LabelPanelPipeline.SUMMARY_FILE)));
    }

    @Test
    void whatAKilledRunLeftIsRemovedWithoutOverwriteAndOtherFilesStay() throws Exception {
        Files.createDirectories(dir.resolve("dead-letter"));
        Files.createDirectories(dir.resolve("utterance/train"));
        Files.writeString(dir.resolve("utterance/train/part.parquet"), "partial");
        Files.writeString(dir.resolve("notes.txt"), "the user's own file");
        assertFalse(OutputFolder.isComplete(dir));
        OutputFolder.prepare(dir.toString(), false);
        assertFalse(Files.exists(dir.resolve("dead-letter")));
        assertFalse(Files.exists(dir.resolve("utterance")));
        assertTrue(Files.exists(dir.resolve("notes.txt")));
    }
}
