/** Tools from Model Context Protocol servers, as {@link dev.majordomo.llm.ToolSource}s. */
package dev.majordomo.mcp;
