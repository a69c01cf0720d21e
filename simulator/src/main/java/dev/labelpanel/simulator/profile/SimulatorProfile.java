package dev.labelpanel.simulator.profile;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A validated simulator profile: the label set, the prompt templates, the ground-truth files and the simulated
 * models. Load one with {@link #load(Path)}; override the seed with {@link #withSeed(long)}.
 */
public final class SimulatorProfile {
    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final long DEFAULT_HANG_MS = 120_000;

    private final long seed;
    private final String apiKeyEnv;
    private final Duration timeoutFaultHang;
    private final LabelSet labels;
    private final PromptTemplates prompts;
    private final List<Path> groundTruthFiles;
    private final Map<String, ModelProfile> models;
    private final Map<String, ConfusionMatrix> confusions;

    private SimulatorProfile(
            long seed,
            String apiKeyEnv,
            Duration timeoutFaultHang,
            LabelSet labels,
            PromptTemplates prompts,
            List<Path> groundTruthFiles,
            Map<String, ModelProfile> models,
            Map<String, ConfusionMatrix> confusions) {
        this.seed = seed;
        this.apiKeyEnv = apiKeyEnv;
        this.timeoutFaultHang = timeoutFaultHang;
        this.labels = labels;
        this.prompts = prompts;
        this.groundTruthFiles = groundTruthFiles;
        this.models = models;
        this.confusions = confusions;
    }

    /** Reads and validates a YAML profile; relative ground-truth paths resolve against the file's directory. */
    public static SimulatorProfile load(Path file) {
        String yaml;
        try {
            yaml = Files.readString(file);
        } catch (IOException e) {
            throw new ProfileException("Cannot read simulator profile " + file + ": " + e.getMessage(), e);
        }
        Path dir = file.toAbsolutePath().getParent();
        try {
            return parse(yaml, dir);
        } catch (ProfileException e) {
            throw new ProfileException("Invalid simulator profile " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses and validates a YAML profile held in memory; relative ground-truth paths resolve against {@code baseDir}. */
    public static SimulatorProfile parse(String yaml, Path baseDir) {
        // SnakeYAML first, so that anchors and aliases (&x / *x) expand; Jackson's YAML parser does not expand them.
        Object tree;
        try {
            tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (YAMLException e) {
            throw new ProfileException("not valid YAML: " + e.getMessage(), e);
        }
        ProfileDocument doc;
        try {
            doc = MAPPER.convertValue(tree, ProfileDocument.class);
        } catch (IllegalArgumentException e) {
            throw new ProfileException("not a valid profile document: " + e.getMessage(), e);
        }
        if (doc == null) {
            throw new ProfileException("the profile is empty");
        }
        return fromDocument(doc, baseDir.toAbsolutePath());
    }

    private static SimulatorProfile fromDocument(ProfileDocument doc, Path baseDir) {
        LabelSet labels = doc.labels() == null
                ? LabelSet.nsfwSfw()
                : new LabelSet(doc.labels(), orElse(doc.positiveLabel(), "NSFW"), orElse(doc.defaultLabel(), "SFW"));
        PromptTemplates prompts = doc.prompts() == null ? PromptTemplates.defaults() : doc.prompts();
        prompts.validate("prompts");
        if (doc.apiKeyEnv() != null && !doc.apiKeyEnv().matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new ProfileException(
                    "api_key_env must name an environment variable but was '" + doc.apiKeyEnv() + "'");
        }
        long hangMs = doc.timeoutFaultHangMs() == null ? DEFAULT_HANG_MS : doc.timeoutFaultHangMs();
        Checks.nonNegative("timeout_fault_hang_ms", hangMs);
        List<Path> truthFiles = new ArrayList<>();
        for (String pattern : doc.groundTruth() == null ? List.<String>of() : doc.groundTruth()) {
            truthFiles.addAll(PathGlob.resolve(baseDir, pattern));
        }
        if (doc.models() == null || doc.models().isEmpty()) {
            throw new ProfileException("models must list at least one model");
        }
        Map<String, ModelProfile> models = new LinkedHashMap<>();
        Map<String, ConfusionMatrix> confusions = new LinkedHashMap<>();
        for (int i = 0; i < doc.models().size(); i++) {
            String field = "models[" + i + "]";
            ModelProfile model = requireModel(field, doc.models().get(i));
            confusions.put(model.name(), model.validate(field, labels));
            if (models.put(model.name(), model) != null) {
                throw new ProfileException(field + ".name '" + model.name() + "' is used by two models");
            }
        }
        return new SimulatorProfile(
                doc.seed() == null ? 0L : doc.seed(),
                doc.apiKeyEnv(),
                Duration.ofMillis(hangMs),
                labels,
                prompts,
                List.copyOf(truthFiles),
                Collections.unmodifiableMap(models),
                Collections.unmodifiableMap(confusions));
    }

    private static ModelProfile requireModel(String field, ModelProfile model) {
        if (model == null) {
            throw new ProfileException(field + " is empty");
        }
        return model;
    }

    private static String orElse(String value, String fallback) {
        return value == null ? fallback : value;
    }

    /** A copy with another seed: every answer and fault changes, deterministically. */
    public SimulatorProfile withSeed(long newSeed) {
        return new SimulatorProfile(
                newSeed, apiKeyEnv, timeoutFaultHang, labels, prompts, groundTruthFiles, models, confusions);
    }

    /** A copy whose {@link FaultKind#TIMEOUT} fault holds requests for {@code hang} before dropping them. */
    public SimulatorProfile withTimeoutFaultHang(Duration hang) {
        return new SimulatorProfile(seed, apiKeyEnv, hang, labels, prompts, groundTruthFiles, models, confusions);
    }

    public long seed() {
        return seed;
    }

    /** The environment variable holding the API key clients must send, if the profile requires one. */
    public Optional<String> apiKeyEnv() {
        return Optional.ofNullable(apiKeyEnv);
    }

    public Duration timeoutFaultHang() {
        return timeoutFaultHang;
    }

    public LabelSet labels() {
        return labels;
    }

    public PromptTemplates prompts() {
        return prompts;
    }

    public List<Path> groundTruthFiles() {
        return groundTruthFiles;
    }

    /** Models by name, in profile order. */
    public Map<String, ModelProfile> models() {
        return models;
    }

    public ConfusionMatrix confusion(String model) {
        return confusions.get(model);
    }
}
