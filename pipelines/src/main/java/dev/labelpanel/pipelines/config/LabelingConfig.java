package dev.labelpanel.pipelines.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;


/**
 * The labeling part of a run config: labels, prompts, labelers and their roles, the vote rule, the response
 * cache and the optional embedded simulator. See {@code configs/README.md}.
 */
public final class LabelingConfig {
  private LabelingConfig() {}

  /** One label and how the prompt describes it. */
  public record Label(@JsonProperty("name") String name, @JsonProperty("description") String description) {}

  /** Prompt templates; absent ones take the project's defaults. */
  public record Prompts(
      @JsonProperty("system") String system,
      @JsonProperty("utterance") String utterance,
      @JsonProperty("context") String context,
      @JsonProperty("critique") String critique) {}

  /** One model behind an OpenAI-compatible endpoint. */
  public record Labeler(
      @JsonProperty("name") String name,
      @JsonProperty("base_url") String baseUrl,
      @JsonProperty("model") String model,
      @JsonProperty("api_key_env") String apiKeyEnv,
      @JsonProperty("temperature") Double temperature,
      @JsonProperty("max_tokens") Integer maxTokens,
      @JsonProperty("critique_max_tokens") Integer critiqueMaxTokens,
      @JsonProperty("top_p") Double topP,
      @JsonProperty("system_prompt") String systemPrompt,
      @JsonProperty("prompts") Prompts prompts,
      @JsonProperty("max_concurrency") Integer maxConcurrency,
      @JsonProperty("requests_per_minute") Long requestsPerMinute,
      @JsonProperty("tokens_per_minute") Long tokensPerMinute,
      @JsonProperty("timeout_seconds") Integer timeoutSeconds,
      @JsonProperty("max_attempts") Integer maxAttempts,
      @JsonProperty("price_per_million_input") Double pricePerMillionInput,
      @JsonProperty("price_per_million_output") Double pricePerMillionOutput) {}

  /** Which labelers do what. */
  public record Roles(
      @JsonProperty("panel") List<String> panel,
      @JsonProperty("filler") String filler,
      @JsonProperty("calibrator") String calibrator) {}

  /** The response cache. */
  public record Cache(@JsonProperty("mode") String mode, @JsonProperty("dir") String dir) {}

  /** An embedded simulator to start for the run; labelers with {@code base_url: simulator} talk to it. */
  public record Simulator(
      @JsonProperty("profile") String profile,
      @JsonProperty("seed") Long seed,
      @JsonProperty("latency_scale") Double latencyScale) {}

}
