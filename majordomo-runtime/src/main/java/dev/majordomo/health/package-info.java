/**
 * Target health: the {@link dev.majordomo.health.HealthPolicy} that decides when a failing target
 * is benched and for how long, and the read-only {@link dev.majordomo.health.HealthView} a registry
 * gives of what its chains recorded ({@link dev.majordomo.health.TargetHealth} per target).
 */
package dev.majordomo.health;
