package dev.labelpanel.pipelines.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.UnaryOperator;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Replaces a file as a whole. A local file: the new text goes to a hidden sibling first, which is then moved over the
 * file atomically, so a reader sees the old file or the new one, never half of one (and a file the output's readers
 * wait for, such as the run summary, stays the last one written). A remote one ({@code gs://}...): written whole
 * through Beam's filesystems, whose object stores replace an object on close.
 */
public final class ReplaceFile {
    private ReplaceFile() {}

    /** Writes {@code text} (UTF-8) as {@code target}; returns it. */
    public static Path write(Path target, String text) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        return Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Replaces {@code target}'s text with what {@code edit} makes of it. */
    public static void edit(Path target, UnaryOperator<String> edit) throws IOException {
        write(target, edit.apply(Files.readString(target, StandardCharsets.UTF_8)));
    }

    /** As {@link #edit(Path, UnaryOperator)} for a local path or a Beam filesystem URL ({@code gs://}...). */
    public static void edit(String location, UnaryOperator<String> edit) throws IOException {
        if (!location.contains("://")) {
            edit(Path.of(location), edit);
            return;
        }
        ResourceId file = FileSystems.matchSingleFileSpec(location).resourceId();
        String text;
        try (InputStream in = Channels.newInputStream(FileSystems.open(file))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (OutputStream out = Channels.newOutputStream(FileSystems.create(file, "application/json"))) {
            out.write(edit.apply(text).getBytes(StandardCharsets.UTF_8));
        }
    }
}
