package dev.labelpanel.transforms.llm;

import java.io.Serializable;
import java.util.List;

/**
 * One answer token's log-probability as the endpoint reported it ({@code choices[0].logprobs.content[i]}), with the
 * most likely alternatives at that position ({@code top_logprobs}, the token itself usually among them).
 */
public record TokenLogprob(String token, double logprob, List<Alternative> top) implements Serializable {
    /** One alternative token at a position and its log-probability. */
    public record Alternative(String token, double logprob) implements Serializable {}

    public TokenLogprob {
        top = top == null ? List.of() : List.copyOf(top);
    }
}
