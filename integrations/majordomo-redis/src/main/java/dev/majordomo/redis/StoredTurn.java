package dev.majordomo.redis;

import dev.majordomo.JsonDecodingException;
import dev.majordomo.llm.Message;
import dev.majordomo.memory.MessageJson;
import dev.majordomo.memory.Turn;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stored form of one {@link Turn}, one element of a conversation's list: JSON Lines, a header
 * then one line per message in {@link MessageJson}'s form.
 *
 * <pre>{@code
 * {"v":1,"messages":2,"tokens":42}
 * {"v":1,"role":"user","parts":[{"type":"text","text":"Hi"}]}
 * {"v":1,"role":"assistant","parts":[{"type":"text","text":"Hello!"}]}
 * }</pre>
 *
 * <p>A message's JSON holds no line break ({@link MessageJson#write} escapes control characters and
 * writes no whitespace), so lines split the element without ambiguity. The header comes first with
 * its fields in this order so that the load script reads the count of messages with one pattern,
 * without decoding the JSON.
 */
final class StoredTurn {
  /** The version of the header, which {@link #decode} checks. */
  static final int VERSION = 1;

  private static final Pattern HEADER =
      Pattern.compile("\\{\"v\":(\\d+),\"messages\":(\\d+),\"tokens\":(\\d+)}");

  private StoredTurn() {}

  static String encode(Turn turn) {
    StringBuilder element =
        new StringBuilder()
            .append("{\"v\":")
            .append(VERSION)
            .append(",\"messages\":")
            .append(turn.size())
            .append(",\"tokens\":")
            .append(turn.tokens())
            .append('}');
    for (Message message : turn.messages()) {
      element.append('\n').append(MessageJson.write(message));
    }
    return element.toString();
  }

  /**
   * The turn {@code element} holds.
   *
   * @param where names the element in errors: the key's kind and the turn's place, never the id
   * @throws JsonDecodingException when {@code element} is not a stored turn
   */
  static Turn decode(String element, String where) {
    int end = element.indexOf('\n');
    String header = end < 0 ? element : element.substring(0, end);
    Matcher matcher = HEADER.matcher(header);
    if (!matcher.matches()) {
      throw new JsonDecodingException(
          "$", where + ": not a stored turn (its first line is not {\"v\":1,\"messages\":...})");
    }
    if (!matcher.group(1).equals(String.valueOf(VERSION))) {
      throw new JsonDecodingException(
          "$.v",
          where
              + ": unknown stored turn version "
              + matcher.group(1)
              + ": this runtime reads version "
              + VERSION);
    }
    int count;
    int tokens;
    try {
      count = Integer.parseInt(matcher.group(2));
      tokens = Integer.parseInt(matcher.group(3));
    } catch (NumberFormatException e) {
      throw new JsonDecodingException("$", where + ": a count in the header is too large", e);
    }
    List<Message> messages = new ArrayList<>(Math.min(count, 1024));
    int from = end + 1;
    while (end >= 0) {
      end = element.indexOf('\n', from);
      String line = end < 0 ? element.substring(from) : element.substring(from, end);
      try {
        messages.add(MessageJson.read(line));
      } catch (JsonDecodingException e) {
        throw new JsonDecodingException(
            e.path(), where + ", message " + (messages.size() + 1) + ": " + e.getMessage(), e);
      }
      from = end + 1;
    }
    if (messages.size() != count) {
      throw new JsonDecodingException(
          "$.messages",
          where + ": the header counts " + count + " messages, the turn holds " + messages.size());
    }
    try {
      return new Turn(messages, tokens);
    } catch (IllegalArgumentException e) {
      throw new JsonDecodingException("$", where + ": not a turn: " + e.getMessage(), e);
    }
  }
}
