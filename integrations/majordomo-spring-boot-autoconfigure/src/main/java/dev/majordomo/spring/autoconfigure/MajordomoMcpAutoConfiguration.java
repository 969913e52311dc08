package dev.majordomo.spring.autoconfigure;

import dev.majordomo.mcp.McpToolSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Import;

/**
 * The MCP servers of {@code majordomo.mcp.servers.*} ({@link MajordomoMcpProperties}), when
 * majordomo-mcp is on the class path: each becomes a {@link McpToolSource} bean, which the
 * auto-configured registry takes as a tool source under the server's name; it closes with the
 * context (its subprocess ends, its connection closes). Nothing starts before the first call of an
 * assistant method that names the server in {@code @Llm(toolSources = …)}. A {@code Registry} bean
 * of the application's own gets none of them unless it injects them and passes them to {@code
 * Registry.Builder.toolSource}.
 */
@AutoConfiguration(before = MajordomoAutoConfiguration.class)
@ConditionalOnClass(McpToolSource.class)
@Import(McpToolSourceRegistrar.class)
public final class MajordomoMcpAutoConfiguration {

  /** Created by Spring. */
  public MajordomoMcpAutoConfiguration() {}
}
