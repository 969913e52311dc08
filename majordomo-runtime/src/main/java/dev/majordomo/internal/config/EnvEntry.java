package dev.majordomo.internal.config;

import dev.majordomo.chain.ChainElement;
import dev.majordomo.llm.ModelSpec;
import java.util.List;
import java.util.Objects;

/**
 * What one {@code LLM_<NAME>} variable defines: a model (a DSN value) or an alias (a chain value).
 * {@code toString} never shows a token.
 */
public sealed interface EnvEntry {

  /** The name the variable defines, lower-case: {@code LLM_FAST_MINI} defines {@code fast_mini}. */
  String name();

  /** The variable, such as {@code LLM_FAST_MINI}. */
  String variable();

  /**
   * A model: {@code LLM_M1=foreman://token@host} defines {@code m1}.
   *
   * @param name the model's name, lower-case
   * @param variable the variable that defined it
   * @param spec how to open the model
   */
  record ModelEntry(String name, String variable, ModelSpec spec) implements EnvEntry {
    public ModelEntry {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(variable, "variable");
      Objects.requireNonNull(spec, "spec");
    }
  }

  /**
   * An alias: {@code LLM_FAST=m1,openai/gpt-4o-mini} defines {@code fast}.
   *
   * @param name the alias's name, lower-case
   * @param variable the variable that defined it
   * @param chain the elements the alias stands for, in order; never empty
   */
  record AliasEntry(String name, String variable, List<ChainElement> chain) implements EnvEntry {
    public AliasEntry {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(variable, "variable");
      chain = List.copyOf(chain);
      if (chain.isEmpty()) {
        throw new IllegalArgumentException("an alias needs at least one element");
      }
    }
  }
}
