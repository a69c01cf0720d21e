package dev.labelpanel.pipelines.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** The config hash stands for what decides the labels, in its canonical form, not for how the config spells it. */
class ConfigHashTest {
    private static final String BASE = "input: {paths: [x.jsonl]}\n"
            + "labelers:\n"
            + "  - {name: a, base_url: 'http://127.0.0.1:1/v1', model: m}\n"
            + "  - {name: b, base_url: 'http://127.0.0.1:1/v1', model: n}\n"
            + "roles: {panel: [a, b], filler: b, calibrator: b}\n";

    private static String hash(String extra) {
        return LabelingPlan.configHash(ConfigLoader.parse(BASE + extra, "run.yaml"));
    }

    @Test
    void equalVoteRulesInDifferentSpellingsGiveOneHash() {
        String shortForm = hash("vote_rule: valid-majority\n");
        assertEquals(shortForm, hash("vote_rule: valid-majority:2\n"));
        assertEquals(shortForm, hash("vote_rule: ' Valid-Majority:2 '\n"));
        assertEquals(hash(""), hash("vote_rule: panel-majority\n"));
    }

    @Test
    void defaultsWrittenOutAndPromptsGivenPerLabelerGiveTheSameHash() {
        String plain = hash("");
        assertEquals(
                plain,
                LabelingPlan.configHash(ConfigLoader.parse(
                        BASE.replace(
                                "model: m}", "model: m, max_tokens: 64, critique_max_tokens: 512, temperature: 0}"),
                        "run.yaml")));
        assertEquals(
                plain,
                hash("labels: [{name: NSFW, description: " + quoted(defaultDescription("NSFW"))
                        + "}, {name: SFW, description: " + quoted(defaultDescription("SFW")) + "}]\n"));
        String shared = hash("prompts: {system: 'Be brief.'}\n");
        assertEquals(
                shared,
                LabelingPlan.configHash(ConfigLoader.parse(
                        BASE.replace("model: m}", "model: m, system_prompt: 'Be brief.'}")
                                .replace("model: n}", "model: n, prompts: {system: 'Be brief.'}}"),
                        "run.yaml")));
        // Keys, limits, prices and labelers no role uses do not decide labels.
        assertEquals(
                plain,
                LabelingPlan.configHash(ConfigLoader.parse(
                        BASE.replace("roles:", "  - {name: unused, base_url: 'http://h/v1', model: z}\nroles:"),
                        "run.yaml")));
        assertEquals(
                plain,
                LabelingPlan.configHash(ConfigLoader.parse(
                        BASE.replace(
                                        "model: n}",
                                        "model: n, api_key_env: K, max_concurrency: 3, price_per_million_input: 2}")
                                + "limits: {scope: job, workers: 2}\n",
                        "run.yaml")));
    }

    @Test
    void theAdaptivePanelGivesTheFullPanelsLabelsSoTheSameHash() {
        assertEquals(hash(""), hash("panel_mode: adaptive\npanel_order: [b, a]\n"));
        assertEquals(hash(""), hash("panel_mode: full\n"));
    }

    @Test
    void aPanelOrderMustListEachPanelMemberOnce() {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
                ConfigException.class, () -> hash("panel_mode: adaptive\npanel_order: [a, a]\n"));
        assertEquals("panel_order must list each labeler of roles.panel [a, b] once but was [a, a]", e.getMessage());
    }

    @Test
    void theAskOrderIsCheapestFirstThenPanelOrderWithUnpricedLast() {
        java.util.Map<String, LabelingConfig.Labeler> byName = new java.util.HashMap<>();
        RunConfig config = ConfigLoader.parse(
                "input: {paths: [x.jsonl]}\nlabelers:\n"
                        + "  - {name: a, base_url: 'http://h/v1', model: m}\n"
                        + "  - {name: b, base_url: 'http://h/v1', model: m, price_per_million_input: 1, price_per_million_output: 2}\n"
                        + "  - {name: c, base_url: 'http://h/v1', model: m, price_per_million_input: 0.5}\n"
                        + "  - {name: d, base_url: 'http://h/v1', model: m, price_per_million_input: 1, price_per_million_output: 2}\n"
                        + "roles: {panel: [a, b, c, d], filler: a, calibrator: a}\n",
                "run.yaml");
        config.labelers().forEach(l -> byName.put(l.name(), l));
        assertEquals(
                java.util.List.of(2, 1, 3, 0),
                LabelingPlan.askOrder(config.roles().panel(), null, byName));
        assertEquals(
                java.util.List.of(3, 0, 2, 1),
                LabelingPlan.askOrder(config.roles().panel(), java.util.List.of("d", "a", "c", "b"), byName));
    }

    @Test
    void aRealChangeGivesAnotherHash() {
        String plain = hash("");
        assertNotEquals(plain, hash("vote_rule: valid-majority:3\n"));
        assertNotEquals(hash("vote_rule: valid-majority\n"), hash("vote_rule: 2\n"));
        assertNotEquals(
                plain,
                LabelingPlan.configHash(
                        ConfigLoader.parse(BASE.replace("model: m}", "model: m, max_tokens: 65}"), "run.yaml")));
        assertNotEquals(plain, hash("prompts: {system: 'Be brief.'}\n"));
        assertNotEquals(plain, hash("labels: [{name: NSFW}, {name: SFW}, {name: UNSURE}]\n"));
        assertNotEquals(
                plain, LabelingPlan.configHash(ConfigLoader.parse(BASE.replace("filler: b", "filler: a"), "run.yaml")));
    }

    private static String defaultDescription(String label) {
        return dev.labelpanel.transforms.prompt.LabelSet.defaults().description(label);
    }

    private static String quoted(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
