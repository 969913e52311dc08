package dev.majordomo.provider.compatible;

import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.Provider;
import dev.majordomo.llm.ProviderContext;
import dev.majordomo.provider.openai.OpenAiCompatibleProvider;
import java.util.Set;

/**
 * A scheme of {@link CompatibleSchemes}, for {@link java.util.ServiceLoader}: one class per scheme,
 * each with a public no-argument constructor.
 */
abstract class DelegatingProvider implements Provider {
  private final OpenAiCompatibleProvider delegate;

  DelegatingProvider(OpenAiCompatibleProvider delegate) {
    this.delegate = delegate;
  }

  @Override
  public final String scheme() {
    return delegate.scheme();
  }

  @Override
  public final Set<String> parameterKeys() {
    return delegate.parameterKeys();
  }

  @Override
  public final Model open(ModelSpec spec, ProviderContext context) {
    return delegate.open(spec, context);
  }

  @Override
  public final String toString() {
    return delegate.toString();
  }
}
