package dev.majordomo.memory;

import dev.majordomo.llm.Message;
import dev.majordomo.llm.Part;
import java.util.List;

/**
 * How much of a conversation each call sends: the newest whole {@linkplain Turn turns} that fit in
 * both limits. Trimming removes turns from the oldest end, so the history sent never starts with an
 * assistant or tool message and never holds a tool call without its result, nor a result without
 * its call. A turn that alone exceeds a limit is not sent, nor is anything older.
 *
 * <p>The limits bound what is sent, not what is stored: a store keeps every turn until the
 * conversation is deleted (the in-memory store has bounds of its own).
 *
 * @param maxMessages the most messages of history sent (at least 1)
 * @param maxTokens the most tokens of history sent, as the turns count them (at least 1; {@link
 *     Integer#MAX_VALUE} for no limit)
 */
public record MemoryPolicy(int maxMessages, int maxTokens) {

  /** The newest 40 messages, whatever their tokens. */
  public static final MemoryPolicy DEFAULT = new MemoryPolicy(40, Integer.MAX_VALUE);

  /**
   * Tokens counted for an image, whatever its size: providers charge between 85 and about 1,600.
   */
  public static final int IMAGE_TOKENS = 1_000;

  /** Tokens counted for each message besides its content: the role and the wire's framing. */
  public static final int MESSAGE_TOKENS = 4;

  public MemoryPolicy {
    if (maxMessages < 1) {
      throw new IllegalArgumentException("maxMessages must be at least 1, was " + maxMessages);
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be at least 1, was " + maxTokens);
    }
  }

  /** The newest {@code maxMessages} messages, whatever their tokens. */
  public static MemoryPolicy lastMessages(int maxMessages) {
    return new MemoryPolicy(maxMessages, Integer.MAX_VALUE);
  }

  /** This policy with a token budget as well. */
  public MemoryPolicy withMaxTokens(int value) {
    return new MemoryPolicy(maxMessages, value);
  }

  /** This policy with another message limit. */
  public MemoryPolicy withMaxMessages(int value) {
    return new MemoryPolicy(value, maxTokens);
  }

  /**
   * The newest turns of {@code history} (oldest first) that fit in both limits, oldest first; a
   * view of {@code history}, not a copy.
   */
  public List<Turn> window(List<Turn> history) {
    int messages = 0;
    long tokens = 0;
    int from = history.size();
    while (from > 0) {
      Turn turn = history.get(from - 1);
      messages += turn.size();
      tokens += turn.tokens();
      if (messages > maxMessages || tokens > maxTokens) {
        break;
      }
      from--;
    }
    return history.subList(from, history.size());
  }

  /**
   * The estimate used when a provider reports no usage: for each message {@value #MESSAGE_TOKENS}
   * tokens, plus one token per four characters (rounded up) of its text, tool names, tool arguments
   * and tool results, plus {@value #IMAGE_TOKENS} per image (an image part, or an image a tool
   * returned).
   */
  public static int estimateTokens(List<Message> messages) {
    long tokens = 0;
    for (Message message : messages) {
      long chars = 0;
      tokens += MESSAGE_TOKENS;
      for (Part part : message.parts()) {
        if (part instanceof Part.Text t) {
          chars += t.text().length();
        } else if (part instanceof Part.ToolCall c) {
          chars += c.name().length() + c.argumentsJson().length();
        } else if (part instanceof Part.ToolResult r) {
          chars += r.content().length();
          tokens += (long) IMAGE_TOKENS * r.images().size();
        } else if (part instanceof Part.ImagePart) {
          tokens += IMAGE_TOKENS;
        } else if (part instanceof Part.Reasoning r) {
          chars += r.text().length();
        }
      }
      tokens += (chars + 3) / 4;
    }
    return (int) Math.min(tokens, Integer.MAX_VALUE);
  }
}
