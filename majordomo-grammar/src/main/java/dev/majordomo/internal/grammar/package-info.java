/**
 * The text rules that the runtime and the annotation processor share: the chain grammar, the scheme
 * rule, durations, generated class names and how messages describe a character.
 *
 * <p><strong>Not API:</strong> this package may change in any release without notice. Each rule has
 * exactly this one implementation, in plain Java without dependencies, so that the processor checks
 * at compile time what the runtime accepts without carrying the runtime (OkHttp, Jackson) on the
 * processor path. Callers turn a {@link dev.majordomo.internal.grammar.GrammarException} into their
 * own error type.
 */
package dev.majordomo.internal.grammar;
