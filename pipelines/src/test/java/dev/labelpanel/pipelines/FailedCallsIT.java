package dev.labelpanel.pipelines;

import static dev.labelpanel.pipelines.RunFixture.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labelpanel.transforms.summary.CallCount;
import dev.labelpanel.transforms.summary.SummaryKey;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs that go wrong the way they do against a real server, through the CLI: an endpoint whose every call fails, a
 * wrong port, a server that answers as another model, and wordy answers cut at {@code max_tokens}.
 */
class FailedCallsIT {
    private static final String INPUT =
            ROOT.resolve("sample-data/dialogues/openai.jsonl").toString();

    @TempDir
    Path tmp;

    private ChildProcess labelpanel(String... args) throws Exception {
        return ChildProcess.labelpanel(tmp, List.of("-Xmx1g"), args);
    }

    private Path config(String labelers, String extra) throws IOException {
        Path config = tmp.resolve("config.yaml");
        Files.writeString(
                config,
                "input: {paths: ['" + INPUT + "']}\n"
                        + "splitting: {granularities: [utterance]}\n"
                        + labelers
                        + "roles: {panel: [a, b, broken], filler: filler, calibrator: calibrator}\n"
                        + "cache: {mode: 'off'}\n"
                        + "limits: {deferred_attempts: 0}\n"
                        + extra);
        return config;
    }

    @Test
    void anEndpointWhoseEveryCallFailsFailsTheRunAndServedModelsAndCutAnswersAreRecorded() throws Exception {
        Path profile = tmp.resolve("profile.yaml");
        Files.writeString(
                profile,
                "seed: 3\n"
                        + "models:\n"
                        + "  - {name: sim-a, accuracy: 0.9, wordy_rate: 0.5, served_as: sim-a-2024-07-18}\n"
                        + "  - {name: sim-b, accuracy: 0.9, refusal: {rate: 0.2}, wordy_rate: 1.0}\n"
                        + "  - {name: sim-broken, accuracy: 0.9, faults: {server_error: 1.0}}\n");
        Path config = config(
                "labelers:\n"
                        + "  - {name: a, base_url: simulator, model: sim-a, max_tokens: 16}\n"
                        + "  - {name: b, base_url: simulator, model: sim-b, max_tokens: 16}\n"
                        + "  - {name: broken, base_url: simulator, model: sim-broken, max_attempts: 1}\n"
                        + "  - {name: filler, base_url: simulator, model: sim-b, max_tokens: 16}\n"
                        + "  - {name: calibrator, base_url: simulator, model: sim-b, max_tokens: 16}\n",
                "simulator: {profile: '" + profile + "', seed: 1, latency_scale: 0}\n");
        Path out = tmp.resolve("out");

        ChildProcess run = labelpanel(ChildProcess.runArgs(config, out, "--quiet"));

        JsonNode summary =
                new ObjectMapper().readTree(out.resolve("run-summary.json").toFile());
        long brokenAnswers = CallCount.ANSWERS.in(SummaryKey.calls("broken").find(summary));
        assertTrue(brokenAnswers > 0, run.err());
        assertEquals(3, run.exit(), "every call of one endpoint failed: exit 3\n" + run.err());
        assertTrue(
                run.err()
                        .contains("labelpanel: WARNING labeler broken: " + brokenAnswers + " of " + brokenAnswers
                                + " calls failed (server-error " + brokenAnswers + ")"),
                run.err());
        assertTrue(run.err().contains("labelpanel: run failed: labeler broken:"), run.err());
        assertEquals(
                1,
                count(
                        run.err(),
                        "labeler a: configured model 'sim-a' but the endpoint answered as" + " 'sim-a-2024-07-18'"),
                "warned once for the labeler: " + run.err());
        assertFalse(run.err().contains("labeler b: configured model"), run.err());

        long aAnswers = CallCount.ANSWERS.in(SummaryKey.calls("a").find(summary));
        assertEquals(
                aAnswers,
                SummaryKey.servedModel("a", "sim-a-2024-07-18").find(summary).asLong(),
                summary.toString());
        assertEquals(
                aAnswers,
                SummaryKey.systemFingerprint("a", "labelpanel-simulator")
                        .find(summary)
                        .asLong());
        assertTrue(run.out().contains("served by: sim-a-2024-07-18 " + aAnswers), run.out());
        // b's answers are all wordy and cut at 16 tokens: they still count, refusals are still refusals.
        assertTrue(SummaryKey.noVotes("b", "cut-off").find(summary).isMissingNode(), summary.toString());
        assertTrue(SummaryKey.noVotes("b", "refusal").find(summary).asLong() > 0, summary.toString());

        long cutVotes = 0;
        long servedVotes = 0;
        for (Outputs.Row row : Outputs.readAll(out)) {
            for (Object o : (List<?>) row.record().get("votes")) {
                GenericRecord vote = (GenericRecord) o;
                if ("b".equals(String.valueOf(vote.get("labeler")))
                        && "length".equals(String.valueOf(vote.get("finish_reason")))
                        && vote.get("label") != null) {
                    cutVotes++;
                }
                if ("a".equals(String.valueOf(vote.get("labeler")))) {
                    assertEquals("sim-a-2024-07-18", String.valueOf(vote.get("served_model")));
                    assertEquals("labelpanel-simulator", String.valueOf(vote.get("system_fingerprint")));
                    servedVotes++;
                }
            }
        }
        assertTrue(cutVotes > 0, "cut answers that name one label are votes, finish_reason kept");
        assertTrue(servedVotes > 0);
    }

    @Test
    void aWrongPortFailsTheRunWithAClearMessage() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/v1";
        String labeler = ", base_url: '" + url + "', model: m, max_attempts: 1, timeout_seconds: 2}\n";
        Path config = config(
                "labelers:\n"
                        + "  - {name: a" + labeler + "  - {name: b" + labeler + "  - {name: broken" + labeler
                        + "  - {name: filler" + labeler + "  - {name: calibrator" + labeler,
                "");
        ChildProcess run = labelpanel(ChildProcess.runArgs(config, tmp.resolve("out"), "--quiet"));
        assertTrue(run.exit() != 0, "a run whose every call failed must not exit 0\n" + run.out() + run.err());
        assertTrue(
                run.err().contains("127.0.0.1:" + port) || run.err().contains("calls failed (connection"),
                "the message names the endpoint or the failed calls:\n" + run.err());
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
