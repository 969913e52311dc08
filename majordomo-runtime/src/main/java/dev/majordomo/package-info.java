/**
 * The entry points: {@link dev.majordomo.Assistants} creates an assistant from an interface the
 * annotation processor implemented, {@link dev.majordomo.Registry} holds providers, aliases,
 * models, limits and health, and {@link dev.majordomo.Reply} carries a value with its usage and
 * attempts. The exceptions a call throws that are not a provider's own ({@link
 * dev.majordomo.llm.LlmException}) start here, at {@link dev.majordomo.MajordomoException}.
 *
 * <p>{@code docs/api.md} lists every public package and what it is for.
 */
package dev.majordomo;
