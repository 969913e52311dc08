/**
 * The mutable health tracker behind {@link dev.majordomo.health.HealthView}.
 *
 * <p><strong>Internal:</strong> public only so that the registry and the chain can share it. Not
 * part of Majordomo's API; it may change in any release. Users read health through {@code
 * Registry.health()}; only chains record failures and successes.
 */
package dev.majordomo.internal.health;
