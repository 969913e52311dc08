/**
 * Target health: the {@link dev.majordomo.health.HealthPolicy} that decides when a failing target
 * is benched and for how long, the read-only {@link dev.majordomo.health.HealthView} a registry
 * gives of what its chains recorded ({@link dev.majordomo.health.TargetHealth} per target), and the
 * {@link dev.majordomo.health.SharedHealth} SPI through which the registries of several instances
 * share what they learn ({@link dev.majordomo.health.HealthUpdates} brings it in).
 */
package dev.majordomo.health;
