package dev.majordomo;

import dev.majordomo.chain.ChainElement;
import dev.majordomo.chain.ChainResolutionException;
import dev.majordomo.internal.chain.ChainTarget;
import dev.majordomo.internal.config.EnvEntry;
import dev.majordomo.internal.config.EnvLoader;
import dev.majordomo.internal.config.EnvNames;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.Provider;
import dev.majordomo.llm.ProviderConfigException;
import dev.majordomo.llm.ProviderContext;
import dev.majordomo.llm.Target;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns parsed chain elements into targets: aliases expand inline and recursively (a cycle names
 * its whole path), names resolve to aliases, then models, then {@code LLM_<NAME>}; {@code
 * scheme/model} goes to the scheme's provider. A target that appears twice keeps its first place.
 */
final class ChainResolver {
  private final Map<String, Provider> providers;
  private final Map<String, EnvEntry> configured;
  private final EnvLoader env;
  private final ProviderContext context;

  /**
   * Models opened so far, so that chains naming a spec share one model: at most {@link
   * Registry#MAX_OPENED_MODELS}, the first ones opened; past that a spec is opened on each
   * resolution and not kept (models hold no resources to release: the HTTP client is the
   * registry's). A model dropped or never kept still works for the chains that hold it.
   */
  private final FirstComeCache<ModelSpec, Model> opened =
      new FirstComeCache<>(Registry.MAX_OPENED_MODELS, () -> {});

  ChainResolver(
      Map<String, Provider> providers,
      Map<String, EnvEntry> configured,
      EnvLoader env,
      ProviderContext context) {
    this.providers = providers;
    this.configured = Map.copyOf(configured);
    this.env = env;
    this.context = context;
  }

  List<ChainTarget> resolve(String chain, List<ChainElement> elements) {
    Map<Target, ChainTarget> targets = new LinkedHashMap<>();
    for (int i = 0; i < elements.size(); i++) {
      expand(chain, i, elements.get(i), new ArrayList<>(), targets);
    }
    return List.copyOf(targets.values());
  }

  /** Reports every configured model whose scheme has no provider, all at once. */
  void checkSchemes(Collection<EnvEntry> entries) {
    List<ConfigException> problems = new ArrayList<>();
    for (EnvEntry entry : entries) {
      if (entry instanceof EnvEntry.ModelEntry m && !providers.containsKey(m.spec().scheme())) {
        problems.add(new ConfigException(m.variable(), unknownScheme(m.spec().scheme())));
      }
    }
    if (!problems.isEmpty()) {
      throw ConfigException.combine(problems);
    }
  }

  private void expand(
      String chain,
      int position,
      ChainElement element,
      List<String> path,
      Map<Target, ChainTarget> out) {
    if (element instanceof ChainElement.ModelRef ref) {
      ModelSpec spec = ModelSpec.of(ref.scheme(), ref.modelId());
      add(open(chain, position, element, spec, "element '" + element + "'"), out);
      return;
    }
    String name = ((ChainElement.Name) element).name();
    if (path.contains(name)) {
      List<String> cycle = new ArrayList<>(path);
      cycle.add(name);
      throw new ChainResolutionException(
          "alias cycle in chain \""
              + chain
              + "\" (element "
              + (position + 1)
              + "): "
              + String.join(" → ", cycle));
    }
    EnvEntry entry = lookup(name).orElseThrow(() -> unknownName(chain, position, name));
    if (entry instanceof EnvEntry.ModelEntry m) {
      add(open(chain, position, element, m.spec(), m.variable()), out);
      return;
    }
    path.add(name);
    for (ChainElement inner : ((EnvEntry.AliasEntry) entry).chain()) {
      expand(chain, position, inner, path, out);
    }
    path.remove(path.size() - 1);
  }

  private Optional<EnvEntry> lookup(String name) {
    EnvEntry entry = configured.get(name);
    return entry != null ? Optional.of(entry) : env.lookup(name);
  }

  private static void add(ChainTarget target, Map<Target, ChainTarget> out) {
    out.putIfAbsent(target.target(), target);
  }

  private ChainTarget open(
      String chain, int position, ChainElement element, ModelSpec spec, String source) {
    Provider provider = providers.get(spec.scheme());
    if (provider == null) {
      throw new ChainResolutionException(
          "cannot resolve element "
              + (position + 1)
              + " of chain \""
              + chain
              + "\" ('"
              + element
              + "' → "
              + spec
              + "): "
              + unknownScheme(spec.scheme()));
    }
    Model model = opened.get(spec);
    if (model == null) {
      try {
        model = opened.keep(spec, provider.open(spec, context));
      } catch (ProviderConfigException e) {
        // The provider knows what is wrong; only the registry knows where the spec came from.
        throw new ConfigException(source, e.getMessage(), e);
      }
    }
    return new ChainTarget(spec.target(), model, spec.timeout());
  }

  private String unknownScheme(String scheme) {
    return "no provider is registered for scheme '"
        + scheme
        + "' (registered: "
        + String.join(", ", new java.util.TreeSet<>(providers.keySet()))
        + "); add its module to the class path or register it with"
        + " Registry.builder().provider(…)"
        + (scheme.equals("fake")
            // It was once discovered with the runtime; tests written then name it alone.
            ? "; the fake provider is in dev.majordomo:majordomo-testing (test scope)"
            : "");
  }

  private ChainResolutionException unknownName(String chain, int position, String name) {
    Set<String> known = new LinkedHashSet<>(configured.keySet());
    return new ChainResolutionException(
        "unknown name '"
            + name
            + "' in element "
            + (position + 1)
            + " of chain \""
            + chain
            + "\": it is not a registered alias or model"
            + (known.isEmpty() ? "" : " (registered: " + String.join(", ", known) + ")")
            + ", and the environment variable "
            + EnvNames.envVariableFor(name)
            + " is not set. Define it (e.g. "
            + EnvNames.envVariableFor(name)
            + "=openai://<token>@api.openai.com/gpt-4o-mini, or a chain of other names),"
            + " or use a scheme/model element such as openai/"
            + name);
  }

  /** How many opened models are kept (for tests). */
  int openedModels() {
    return opened.size();
  }

  @Override
  public String toString() {
    return "names=" + new java.util.TreeSet<>(configured.keySet());
  }
}
