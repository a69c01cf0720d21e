package dev.labelpanel.pipelines.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code labelpanel validate}: one test per mistake, each reported as one message naming the key and the fix. */
class ConfigCheckTest {
    private static final Path ROOT = projectRoot();
    private static final String LABELERS = "labelers:\n"
            + "  - {name: a, base_url: 'http://127.0.0.1:1/v1', model: m}\n"
            + "  - {name: b, base_url: 'http://127.0.0.1:1/v1', model: m, api_key_env: B_KEY}\n"
            + "  - {name: c, base_url: 'http://127.0.0.1:1/v1', model: m, api_key_env: C_KEY}\n";
    private static final String ROLES = "roles: {panel: [a], filler: b, calibrator: c}\n";

    @TempDir
    Path tmp;

    private List<String> problems(String yaml, Map<String, String> env) throws Exception {
        Files.writeString(tmp.resolve("in.jsonl"), "{\"text\": \"hi\"}\n");
        Path file = tmp.resolve("run.yaml");
        Files.writeString(file, yaml);
        return ConfigCheck.withEnvironment(env::get).check(file).problems();
    }

    private static final String INPUT = "input:\n  paths: [in.jsonl]\n";
    private static final Map<String, String> KEYS = Map.of("B_KEY", "k", "C_KEY", "k");

    @Test
    void everyPathIsResolvedAgainstTheConfigFolderAndUrlsAreKept() throws Exception {
        Path file = tmp.resolve("run.yaml");
        Files.writeString(
                file,
                "input:\n  paths: [in/*.jsonl, 'gs://bucket/x.jsonl']\noutput: {dir: out}\ncache: {dir: cache}\n"
                        + "simulator: {profile: sim.yaml}\nincremental: {previous: " + tmp.resolve("old") + "}\n");
        RunConfig config = ConfigLoader.load(file);
        assertEquals(
                List.of(tmp.resolve("in/*.jsonl").toString(), "gs://bucket/x.jsonl"),
                config.input().paths());
        assertEquals(tmp.resolve("out").toString(), config.output().dir());
        assertEquals(tmp.resolve("cache").toString(), config.cache().dir());
        assertEquals(tmp.resolve("sim.yaml").toString(), config.simulator().profile());
        assertEquals(tmp.resolve("old").toString(), config.incremental().previous());
    }

    @Test
    void anUnknownKeyIsReportedWithItsLine() throws Exception {
        List<String> problems = problems(INPUT + "output:\n  dirr: x\n", KEYS);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("line 4, column 3: unknown key 'dirr'"), problems.get(0));
    }

    @Test
    void ratiosThatDoNotSumToOneAreReported() throws Exception {
        List<String> problems = problems(INPUT + "splits: {train: 0.9, validation: 0.1, test: 0.1}\n", KEYS);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("must be 1"), problems.get(0));
    }

    @Test
    void aRoleNamingNoLabelerIsReported() throws Exception {
        List<String> problems = problems(INPUT + LABELERS + "roles: {panel: [a, z], filler: b, calibrator: c}\n", KEYS);
        assertEquals(List.of("roles.panel names 'z', which is not a labeler; labelers are [a, b, c]"), problems);
    }

    @Test
    void aBadTemplateIsReported() throws Exception {
        List<String> problems =
                problems(INPUT + LABELERS + ROLES + "prompts: {utterance: 'Label {txt}: {labels}'}\n", KEYS);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("prompts.utterance uses the unknown placeholder {txt}"), problems.get(0));
    }

    @Test
    void aBadVoteRuleIsReported() throws Exception {
        List<String> problems = problems(INPUT + LABELERS + ROLES + "vote_rule: most\n", KEYS);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("vote_rule"), problems.get(0));
    }

    @Test
    void aPreviousFolderThatIsNoOutputIsReportedRelativeToTheConfig() throws Exception {
        Files.createDirectories(tmp.resolve("yesterday"));
        List<String> problems = problems(INPUT + LABELERS + ROLES + "incremental: {previous: yesterday}\n", KEYS);
        assertEquals(
                List.of("--previous (incremental.previous) " + tmp.resolve("yesterday") + " is not a labelpanel"
                        + " output: it has no run-summary.json. Pass the --out folder of an earlier labelpanel run"),
                problems);
    }

    @Test
    void aGlobMatchingNoFileIsNamed() throws Exception {
        List<String> problems = problems("input:\n  paths: [in.jsonl, 'missing/*.json']\n", KEYS);
        assertEquals(
                List.of("input.paths: '" + tmp.resolve("missing/*.json") + "' matches no file: check the path"
                        + " (relative paths are resolved against the config file's folder)"),
                problems);
    }

    @Test
    void globsMatchAcrossFoldersWithDoubleStar() throws Exception {
        Files.createDirectories(tmp.resolve("deep/er"));
        Files.writeString(tmp.resolve("deep/er/x.json"), "[]");
        assertEquals(List.of(), problems("input:\n  paths: ['deep/**.json', 'de*/er/*.json']\n", KEYS));
    }

    @Test
    void missingApiKeyVariablesNameTheLabelerAndVariable() throws Exception {
        List<String> problems = problems(INPUT + LABELERS + ROLES, Map.of("B_KEY", "k"));
        assertEquals(
                List.of("labeler 'c': api_key_env C_KEY is not set: export C_KEY=<your key> before running, or"
                        + " remove api_key_env if the endpoint needs no key"),
                problems);
    }

    @Test
    void problemsAreCollectedNotStoppedAtTheFirst() throws Exception {
        List<String> problems = problems("input:\n  paths: [nothing.jsonl]\n" + LABELERS + ROLES, Map.of());
        assertEquals(3, problems.size(), problems.toString());
    }

    @Test
    void aMissingSimulatorProfileIsReported() throws Exception {
        List<String> problems = problems(
                INPUT + "simulator: {profile: nope.yaml}\n"
                        + "labelers:\n  - {name: s, base_url: simulator, model: m}\nroles: {panel: [s], filler: s, calibrator: s}\n",
                KEYS);
        assertEquals(List.of("simulator.profile: '" + tmp.resolve("nope.yaml") + "' does not exist"), problems);
    }

    @Test
    void theShippedConfigsAreValidGivenTheirKeys() {
        Map<String, String> env = Map.of("OPENAI_API_KEY", "sk-test");
        for (String name : List.of("sample.yaml", "ollama.yaml", "censorchat.yaml")) {
            List<String> problems = ConfigCheck.withEnvironment(env::get)
                    .check(ROOT.resolve("configs/" + name))
                    .problems();
            if (name.equals("censorchat.yaml") && !Files.isDirectory(ROOT.resolveSibling("shared/data/censorchat"))) {
                // The CensorChat pools live outside the repo; without them only the input glob is reported.
                assertEquals(1, problems.size(), problems.toString());
                assertTrue(problems.get(0).startsWith("input.paths:"), problems.get(0));
                continue;
            }
            assertEquals(List.of(), problems, name);
        }
    }

    @Test
    void censorChatWithoutItsKeyNamesBothCommercialLabelers() {
        List<String> problems = ConfigCheck.withEnvironment(Map.<String, String>of()::get)
                .check(ROOT.resolve("configs/censorchat.yaml"))
                .problems()
                .stream()
                .filter(p -> p.contains("api_key_env"))
                .toList();
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("labeler 'filler': api_key_env OPENAI_API_KEY is not set"));
        assertTrue(problems.get(1).startsWith("labeler 'calibrator': api_key_env OPENAI_API_KEY is not set"));
    }

    static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.exists(dir.resolve("pipelines")) && Files.exists(dir.resolve("schemas")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("not inside the labelpanel project");
        }
        return dir;
    }
}
