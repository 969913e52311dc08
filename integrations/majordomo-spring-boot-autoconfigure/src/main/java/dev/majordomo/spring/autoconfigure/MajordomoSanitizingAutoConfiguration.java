package dev.majordomo.spring.autoconfigure;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Keeps DSN tokens and the MCP servers' secrets out of Boot's {@code configprops} and {@code env}
 * endpoints when Actuator is on the class path: Boot 4 shows every value once {@code show-values}
 * is {@code always} or {@code when-authorized}, and masks none by its key.
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public final class MajordomoSanitizingAutoConfiguration {

  /** Created by Spring. */
  public MajordomoSanitizingAutoConfiguration() {}

  /**
   * Masks the token of the DSNs in {@code majordomo.*} properties and {@code LLM_*} variables,
   * leaving scheme, host, port and model readable.
   *
   * @return the sanitizing function
   */
  @Bean
  @ConditionalOnMissingBean(name = "majordomoDsnSanitizingFunction")
  public SanitizingFunction majordomoDsnSanitizingFunction() {
    return new DsnTokenSanitizingFunction();
  }

  /**
   * Masks every value of the MCP servers' settings ({@code majordomo.mcp.*}): tokens, headers and
   * the environment of a subprocess.
   *
   * @return the sanitizing function
   */
  @Bean
  @ConditionalOnMissingBean(name = "majordomoMcpSanitizingFunction")
  public SanitizingFunction majordomoMcpSanitizingFunction() {
    return new McpSecretsSanitizingFunction();
  }
}
