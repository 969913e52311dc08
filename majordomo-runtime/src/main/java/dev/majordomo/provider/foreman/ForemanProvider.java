package dev.majordomo.provider.foreman;

import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.Provider;
import dev.majordomo.llm.ProviderContext;
import dev.majordomo.provider.openai.OpenAiCompatibleProvider;
import java.util.Set;

/**
 * The foreman gateway, scheme {@code foreman}: a self-hosted gateway assumed to speak the OpenAI
 * Chat Completions protocol at {@code https://<host>/v1} with the DSN's token as bearer (see ADR
 * 0005). Every model needs a DSN with a host and a token ({@code
 * LLM_M1=foreman://token@host[/model]}); without a model id, the first model the gateway lists at
 * {@code /v1/models} is used. Capabilities are unknown: the gateway may route to any model. A
 * deployment whose gateway differs registers its own {@link OpenAiCompatibleProvider} under its own
 * scheme (or under {@code foreman}, replacing this one).
 */
public final class ForemanProvider implements Provider {
  private final OpenAiCompatibleProvider delegate =
      OpenAiCompatibleProvider.builder("foreman")
          .defaultBasePath("/v1")
          .defaultTls(true)
          .tokenRequired(true)
          .discoverDefaultModel(true)
          .build();

  /** For {@link java.util.ServiceLoader}. */
  public ForemanProvider() {}

  @Override
  public String scheme() {
    return delegate.scheme();
  }

  @Override
  public Set<String> parameterKeys() {
    return delegate.parameterKeys();
  }

  @Override
  public Model open(ModelSpec spec, ProviderContext context) {
    return delegate.open(spec, context);
  }
}
