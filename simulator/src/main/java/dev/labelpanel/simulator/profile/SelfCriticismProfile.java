package dev.labelpanel.simulator.profile;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a model does when asked to re-check its previous answer: with probability {@code correct_wrong} it replaces a
 * wrong answer by the truth, with probability {@code flip_right} it abandons a right answer for another label.
 */
public record SelfCriticismProfile(
        @JsonProperty("correct_wrong") double correctWrong,
        @JsonProperty("flip_right") double flipRight) {

    public static SelfCriticismProfile stubborn() {
        return new SelfCriticismProfile(0, 0);
    }

    void validate(String field) {
        Checks.probability(field + ".correct_wrong", correctWrong);
        Checks.probability(field + ".flip_right", flipRight);
    }
}
