package dev.labelpanel.transforms.read;

import dev.labelpanel.transforms.WireName;
import java.util.Locale;

/** The input file formats labelpanel reads. {@code AUTO} picks one from each file's name. */
public enum InputFormat implements WireName {
    AUTO,
    /** One JSON record per line. */
    JSONL,
    /** A JSON array of records; a {@code .json} file whose first character is not {@code [} is read as JSON Lines. */
    JSON,
    /** CSV with a header row, one row per turn, mapped by {@link CsvColumns}. */
    CSV,
    /** Parquet files in the {@code Dialogue} schema. */
    PARQUET;

    /** The format of one file: this format, or for {@code AUTO} the one its extension names (after {@code .gz}). */
    public InputFormat forFile(String fileName) {
        if (this != AUTO) {
            return this;
        }
        String name = fileName.toLowerCase(Locale.ROOT);
        for (String compressed : new String[] {".gz", ".gzip", ".bz2", ".zst", ".deflate"}) {
            if (name.endsWith(compressed)) {
                name = name.substring(0, name.length() - compressed.length());
            }
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return JSONL;
        }
        if (name.endsWith(".json")) {
            return JSON;
        }
        if (name.endsWith(".csv")) {
            return CSV;
        }
        if (name.endsWith(".parquet")) {
            return PARQUET;
        }
        throw new IllegalArgumentException("cannot tell the format of "
                + fileName
                + " from its name: use .jsonl, .ndjson, .json, .csv or .parquet (optionally .gz), or set input.format");
    }
}
