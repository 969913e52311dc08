/**
 * Failover across a chain of targets: the {@link dev.majordomo.chain.Chain} a registry resolves
 * from a string such as {@code "fast,openai/gpt-4o"}, the {@link
 * dev.majordomo.chain.FailoverPolicy} that governs its retries and deadline, the {@link
 * dev.majordomo.chain.ChainListener} and {@link dev.majordomo.chain.ChainEvent}s that observe it,
 * and the exceptions it throws. Chains are built only by the registry; {@code docs/failover.md}
 * describes their behaviour.
 */
package dev.majordomo.chain;
