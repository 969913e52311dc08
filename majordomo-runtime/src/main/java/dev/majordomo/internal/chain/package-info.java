/**
 * The chain a registry builds ({@link dev.majordomo.internal.chain.FailoverChain}) and the stream
 * it hands out.
 *
 * <p><strong>Internal:</strong> public only so that the registry in {@code dev.majordomo} can build
 * chains. Not part of Majordomo's API; it may change in any release. Users obtain a {@link
 * dev.majordomo.chain.Chain} from {@code Registry.chain(String)}.
 */
package dev.majordomo.internal.chain;
