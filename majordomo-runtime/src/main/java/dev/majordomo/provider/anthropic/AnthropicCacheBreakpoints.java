package dev.majordomo.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.majordomo.llm.PromptCache;

/**
 * Marks a Messages API request body for Anthropic's prompt cache with {@code cache_control}
 * breakpoints: the last tool definition, the last system block, and, in a conversation with more
 * than one message, the last block of the last message. Anthropic caches the prefix up to each
 * breakpoint in the order tools, system, messages, and allows at most four breakpoints per request;
 * this puts at most three, so none is ever refused for their number.
 *
 * <p>The last message's breakpoint is what lets the next round of a tool loop, or the next turn of
 * a stored conversation, read the whole history from the cache instead of paying for it again. A
 * single-message request gets none there: nothing would ever read it. A prefix shorter than the
 * model's minimum (1024 tokens or more, by model) is simply not cached: the API neither fails nor
 * charges for it.
 *
 * <p>Wire form: {@code {"type":"ephemeral"}} for the default five minutes, {@code
 * {"type":"ephemeral","ttl":"1h"}} for an hour. The {@code ttl} field is part of the generally
 * available Messages API, with no beta header: the Anthropic Python SDK types it on the non-beta
 * {@code CacheControlEphemeralParam} ({@code anthropic/types/cache_control_ephemeral_param.py},
 * {@code ttl: Literal["5m", "1h"]}), and the prompt-caching guide's "1-hour cache duration" section
 * names no header.
 */
final class AnthropicCacheBreakpoints {
  /** Anthropic's limit of breakpoints per request. */
  static final int MAX_BREAKPOINTS = 4;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private AnthropicCacheBreakpoints() {}

  /**
   * Adds the breakpoints to {@code body} for {@code cache}; nothing for {@code null} or {@link
   * PromptCache#OFF}.
   *
   * @param body a request body as {@link AnthropicCodec#requestBody} builds it; changed in place
   * @param cache the prompt-cache setting in force for this request
   */
  static void mark(ObjectNode body, PromptCache cache) {
    if (cache == null || cache == PromptCache.OFF) {
      return;
    }
    ObjectNode control = NODES.objectNode().put("type", "ephemeral");
    if (cache == PromptCache.ONE_HOUR) {
      control.put("ttl", "1h");
    }
    JsonNode tools = body.get("tools");
    if (tools instanceof ArrayNode list && !list.isEmpty()) {
      ((ObjectNode) list.get(list.size() - 1)).set("cache_control", control.deepCopy());
    }
    markLastBlock(body, "system", control);
    JsonNode messages = body.get("messages");
    if (messages instanceof ArrayNode list && list.size() > 1) {
      markLastBlock((ObjectNode) list.get(list.size() - 1), "content", control);
    }
  }

  /**
   * Marks the last block of {@code owner.field}: a string becomes one text block; thinking blocks,
   * which take no breakpoint, and empty text, which the API refuses to mark, are passed over.
   */
  private static void markLastBlock(ObjectNode owner, String field, ObjectNode control) {
    JsonNode value = owner.get(field);
    if (value != null && value.isTextual()) {
      if (value.asText().isEmpty()) {
        return;
      }
      ArrayNode blocks = NODES.arrayNode();
      blocks.addObject().put("type", "text").put("text", value.asText());
      owner.set(field, blocks);
      value = blocks;
    }
    if (!(value instanceof ArrayNode blocks)) {
      return;
    }
    for (int i = blocks.size() - 1; i >= 0; i--) {
      if (blocks.get(i) instanceof ObjectNode block && markable(block)) {
        block.set("cache_control", control.deepCopy());
        return;
      }
    }
  }

  private static boolean markable(ObjectNode block) {
    String type = block.path("type").asText("");
    if (type.equals("thinking") || type.equals("redacted_thinking")) {
      return false;
    }
    return !type.equals("text") || !block.path("text").asText("").isEmpty();
  }
}
