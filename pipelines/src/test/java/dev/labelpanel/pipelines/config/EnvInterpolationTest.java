package dev.labelpanel.pipelines.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvInterpolationTest {
    private static final Map<String, String> ENV = Map.of("DATA", "/data", "EMPTY", "");

    private static String apply(String yaml) {
        return EnvInterpolation.apply(yaml, "run.yaml", ENV::get);
    }

    @Test
    void replacesVariablesAndDefaults() {
        assertEquals(
                "paths: [/data/*.json, /tmp/out, ]\n",
                apply("paths: [${DATA}/*.json, ${OUT:-/tmp/out}, ${EMPTY:-unused}]\n"));
    }

    @Test
    void anUnsetVariableWithoutDefaultNamesItAndItsLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> apply("input:\n  paths: [${NOPE}/x]\n"));
        assertEquals(
                "run.yaml line 2, column 11: the environment variable NOPE is not set: export NOPE=..., or give"
                        + " a default as ${NOPE:-value}",
                e.getMessage());
    }

    @Test
    void commentsAndEscapesAreLeftAloneButQuotedHashesAreNotComments() {
        assertEquals(
                "a: ${LITERAL} # ${NOPE}\n# ${NOPE}\nb: 'x # /data'",
                apply("a: $${LITERAL} # ${NOPE}\n# ${NOPE}\nb: 'x # ${DATA}'"));
    }
}
