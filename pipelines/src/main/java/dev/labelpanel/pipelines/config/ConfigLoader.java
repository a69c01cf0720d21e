package dev.labelpanel.pipelines.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a YAML run config. Relative paths in it (input globs, output dir) are resolved against the folder of
 * the config file, so a config runs the same from any working directory.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .registerModule(ConfigValues.module());

    private ConfigLoader() {}

    public static RunConfig load(Path file) {
        return load(file, System::getenv);
    }

    /** As {@link #load(Path)}, looking up {@code ${NAME}} placeholders with {@code env}. */
    public static RunConfig load(Path file, java.util.function.Function<String, String> env) {
        String yaml;
        try {
            yaml = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("could not read config file " + file + ": " + e.getMessage(), e);
        }
        RunConfig config = parse(yaml, file.toString(), env);
        return resolvePaths(config, file.toAbsolutePath().getParent());
    }

    public static RunConfig parse(String yaml, String name) {
        return parse(yaml, name, System::getenv);
    }

    /** Parses {@code raw} after replacing its {@code ${NAME}} placeholders (see {@link EnvInterpolation}). */
    public static RunConfig parse(String raw, String name, java.util.function.Function<String, String> env) {
        String yaml = EnvInterpolation.apply(raw, name, env);
        try {
            RunConfig config = YAML.readValue(yaml, RunConfig.class);
            if (config == null) {
                throw new ConfigException(name + " is empty: it needs at least an input section");
            }
            return config;
        } catch (UnrecognizedPropertyException e) {
            // Records are built when their object ends, so Jackson's location is the object's end: find the key itself.
            String where = keyLocation(yaml, e.getPropertyName());
            throw new ConfigException(
                    String.format(
                            "%s%s: unknown key '%s'; allowed here: %s",
                            name,
                            where != null ? where : at(e.getLocation()),
                            e.getPropertyName(),
                            e.getKnownPropertyIds()),
                    e);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ConfigException(name + at(e.getLocation()) + ": " + cause.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(name + at(e.getLocation()) + ": " + e.getOriginalMessage(), e);
        }
    }

    static RunConfig resolvePaths(RunConfig config, Path base) {
        return config.withPaths(path -> resolve(base, path));
    }

    private static String resolve(Path base, String path) {
        if (path.contains("://") || Path.of(path).isAbsolute()) {
            return path;
        }
        return base.resolve(path).normalize().toString();
    }

    private static String keyLocation(String yaml, String key) {
        java.util.regex.Pattern pattern =
                java.util.regex.Pattern.compile("(^|[\\s{,-])" + java.util.regex.Pattern.quote(key) + "\\s*:");
        String[] lines = yaml.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            java.util.regex.Matcher m = pattern.matcher(lines[i]);
            if (m.find()) {
                return " line " + (i + 1) + ", column "
                        + (m.start() + m.group(1).length() + 1);
            }
        }
        return null;
    }

    private static String at(JsonLocation location) {
        return location == null ? "" : " line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
