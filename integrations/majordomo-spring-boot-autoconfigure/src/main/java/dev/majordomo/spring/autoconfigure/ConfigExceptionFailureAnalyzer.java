package dev.majordomo.spring.autoconfigure;

import dev.majordomo.ConfigException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a Majordomo configuration error that stopped the start-up into Spring Boot's "APPLICATION
 * FAILED TO START" report: the property at fault and what is wrong (never a token: the runtime's
 * messages quote none), and where the formats are described.
 */
final class ConfigExceptionFailureAnalyzer extends AbstractFailureAnalyzer<ConfigException> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, ConfigException cause) {
    String where = cause.variable();
    String action =
        where != null && where.startsWith("majordomo.")
            ? "Correct "
                + where
                + ". Models are DSNs (docs/env-dsn.md), aliases are chains"
                + " (docs/chain-grammar.md); every property is listed in docs/spring-boot.md."
            : "Correct the configuration named above; see docs/spring-boot.md and docs/env-dsn.md.";
    return new FailureAnalysis(cause.getMessage(), action, cause);
  }
}
