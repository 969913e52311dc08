/**
 * Reading {@code LLM_*} variables: DSNs ({@link dev.majordomo.internal.config.Dsn}), chains,
 * variable names ({@link dev.majordomo.internal.config.EnvNames}) and the eager scan ({@link
 * dev.majordomo.internal.config.EnvLoader}).
 *
 * <p><strong>Internal:</strong> not part of Majordomo's API and may change in any release. The
 * entry point for users is the registry: {@code Registry.fromEnv()}, {@code Registry.fromEnv(map)}
 * or {@code Registry.builder().env(map)}; malformed values are reported as {@code
 * dev.majordomo.ConfigException}.
 */
package dev.majordomo.internal.config;
