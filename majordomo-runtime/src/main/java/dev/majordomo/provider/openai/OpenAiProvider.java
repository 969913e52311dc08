package dev.majordomo.provider.openai;

import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.Provider;
import dev.majordomo.llm.ProviderContext;
import java.util.Set;

/**
 * OpenAI, scheme {@code openai}: {@code https://api.openai.com/v1} by default. The token comes from
 * the DSN or {@code OPENAI_API_KEY}; the base URL from the DSN or {@code OPENAI_BASE_URL}. DSN
 * parameters: {@code organization} and {@code project} (sent as {@code OpenAI-Organization} and
 * {@code OpenAI-Project}), {@code downscale_images}, and {@code api=chat|responses}: Chat
 * Completions ({@code POST /v1/chat/completions}, the default) or the Responses API ({@code POST
 * /v1/responses}, for models that exist only there or to keep reasoning items across turns). A
 * model id is required; capabilities are known for OpenAI's well-known model families. A model
 * without a token opens, but refuses every call with a {@link
 * dev.majordomo.llm.ErrorKind#CANNOT_SERVE} error that names {@code OPENAI_API_KEY}, so a chain
 * skips it.
 */
public final class OpenAiProvider implements Provider {
  private final OpenAiCompatibleProvider delegate =
      OpenAiCompatibleProvider.builder("openai")
          .defaultHost("api.openai.com")
          .defaultBasePath("/v1")
          .defaultTls(true)
          .tokenRequired(true)
          .tokenVariable("OPENAI_API_KEY")
          .baseUrlVariable("OPENAI_BASE_URL")
          .headerParameter("organization", "OpenAI-Organization")
          .headerParameter("project", "OpenAI-Project")
          .capabilities(OpenAiModels::capabilities)
          .responsesApi(true)
          .build();

  /** For {@link java.util.ServiceLoader}. */
  public OpenAiProvider() {}

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
