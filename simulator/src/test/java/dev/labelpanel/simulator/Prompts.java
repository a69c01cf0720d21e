package dev.labelpanel.simulator;

import dev.labelpanel.simulator.profile.PromptTemplates;

/** Renders the default prompt templates the way the pipeline does, for tests. */
public final class Prompts {
    public static final String LABELS = "- NSFW: pornographic or sexually explicit content\n- SFW: everything else";

    private Prompts() {}

    public static String utterance(String text) {
        return PromptTemplates.DEFAULT_UTTERANCE.replace("{labels}", LABELS).replace("{text}", text);
    }

    public static String context(String context, String text) {
        return PromptTemplates.DEFAULT_CONTEXT
                .replace("{labels}", LABELS)
                .replace("{context}", context)
                .replace("{text}", text);
    }

    public static String critique() {
        return PromptTemplates.DEFAULT_CRITIQUE.replace("{label_names}", "NSFW, SFW");
    }
}
