package dev.majordomo.provider.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.majordomo.internal.http.HttpTransport;
import dev.majordomo.internal.http.JsonEventParser;
import dev.majordomo.internal.http.ProviderError;
import dev.majordomo.internal.http.SseEvent;
import dev.majordomo.internal.http.StreamDecoder;
import dev.majordomo.internal.http.WireJson;
import dev.majordomo.llm.FinishReason;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.llm.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Decodes a Chat Completions SSE stream
 * (https://platform.openai.com/docs/api-reference/chat-streaming): text deltas pass through at
 * once; tool-call fragments are assembled per {@code index} (id and name from the first fragment,
 * arguments concatenated) and emitted whole, in index order, when the choice finishes; the usage
 * chunk that {@code include_usage} adds is emitted before {@link StreamEvent.Done}. A {@code data:
 * {"error":…}} event fails the stream. Every chunk carries the reply's {@code id} and {@code
 * model}; the last non-empty ones go into {@link StreamEvent.Done}. The stream is complete at
 * {@code [DONE]}, or at the end of the body once a {@code finish_reason} arrived; anything shorter
 * is a truncated stream.
 */
final class ChatCompletionsStreamDecoder implements StreamDecoder<SseEvent> {
  private final HttpTransport transport;
  private final Map<Integer, CallBuilder> calls = new TreeMap<>();
  private Usage usage;
  private FinishReason finish;
  private boolean refused;
  private boolean callsEmitted;
  private String responseId;
  private String responseModel;

  ChatCompletionsStreamDecoder(HttpTransport transport) {
    this.transport = transport;
  }

  private static final class CallBuilder {
    String id;
    String name;
    final StringBuilder arguments = new StringBuilder();
  }

  /**
   * What one chunk says, read to its end before anything is acted on: as in a tree, the last of
   * duplicate keys wins, and an {@code error} anywhere in the chunk fails it before any of its text
   * is passed on. Reused from chunk to chunk.
   */
  private JsonNode chunkError;

  private JsonNode chunkUsage;
  private String chunkId;
  private String chunkModel;
  private final JsonEventParser events = new JsonEventParser();
  private final List<Choice> choices = new ArrayList<>();
  private int choiceCount;

  /** The reasoning text of choice 0 so far, emitted whole as its part when the choice ends. */
  private final StringBuilder reasoning = new StringBuilder();

  private final ExpectedNames chunkNames = new ExpectedNames();
  private final ExpectedNames choiceNames = new ExpectedNames();
  private final ExpectedNames deltaNames = new ExpectedNames();

  /**
   * The field names of one kind of object in the order the last such object had them. The chunks of
   * a stream share one shape, so the next name is nearly always the one expected, and Jackson then
   * matches it as bytes instead of decoding and hashing it; any other name is read as usual.
   */
  private static final class ExpectedNames {
    private final SerializedString[] names = new SerializedString[12];

    /** The next field's name, or {@code null} at the end of the object. */
    String next(JsonParser p, int position) throws IOException {
      SerializedString expected = position < names.length ? names[position] : null;
      String name;
      if (expected == null) {
        name = p.nextFieldName();
      } else if (p.nextFieldName(expected)) {
        return expected.getValue();
      } else {
        name = p.currentToken() == JsonToken.FIELD_NAME ? p.currentName() : null;
      }
      if (name != null && position < names.length) {
        names[position] = new SerializedString(name);
      }
      return name;
    }
  }

  /** One element of {@code choices}. */
  private static final class Choice {
    int index;
    String content;
    String refusal;
    String reasoning;
    JsonNode toolCalls;
    String finishReason;
  }

  @Override
  public boolean decode(SseEvent frame, Consumer<StreamEvent> out) {
    if (frame.isDone()) {
      finish(out);
      return true;
    }
    if (frame.isBlank()) {
      return false;
    }
    read(frame);
    if (chunkError != null) {
      JsonNode error = chunkError;
      throw transport.streamError(
          -1,
          error.isObject()
              ? ChatCompletionsErrors.read(error)
              : new ProviderError(null, error.asText()),
          frame.data());
    }
    if (chunkUsage != null) {
      usage = ChatCompletionsCodec.usage(chunkUsage);
    }
    if (chunkId != null && !chunkId.isEmpty()) {
      responseId = chunkId;
    }
    if (chunkModel != null && !chunkModel.isEmpty()) {
      responseModel = chunkModel;
    }
    for (int c = 0; c < choiceCount; c++) {
      Choice choice = choices.get(c);
      if (choice.index != 0) {
        continue;
      }
      if (choice.reasoning != null && !choice.reasoning.isEmpty()) {
        reasoning.append(choice.reasoning);
        out.accept(new StreamEvent.ReasoningDelta(choice.reasoning));
      }
      if (choice.content != null && !choice.content.isEmpty()) {
        out.accept(new StreamEvent.TextDelta(choice.content));
      }
      if (choice.refusal != null && !choice.refusal.isEmpty()) {
        refused = true;
        out.accept(new StreamEvent.TextDelta(choice.refusal));
      }
      if (choice.toolCalls != null) {
        for (JsonNode fragment : choice.toolCalls) {
          addFragment(fragment, frame);
        }
      }
      if (choice.finishReason != null) {
        finish = ChatCompletionsCodec.finishReason(choice.finishReason);
        emitCalls(out);
      }
    }
    return false;
  }

  /**
   * Reads a chunk with Jackson's streaming parser (no tree but for the rare error, usage and
   * tool-call values), skipping what the stream does not use.
   */
  private void read(SseEvent frame) {
    try {
      readChunk(events.begin(frame), frame);
      events.end();
      return;
    } catch (JsonProcessingException e) {
      events.abandon();
      // Reported below from the text, as a tree read of it reported it.
    } catch (IOException e) {
      events.abandon();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      events.abandon();
      throw e;
    }
    // The parser may have read the bytes as received; the error message (which names the source)
    // is the same whatever the event's form when taken from reading the text.
    try (JsonParser parser = WireJson.createParser(frame.data())) {
      readChunk(parser, frame);
    } catch (JsonProcessingException e) {
      throw transport.malformed(
          "a stream chunk is not valid JSON: " + e.getOriginalMessage(), frame.data(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void readChunk(JsonParser p, SseEvent frame) throws IOException {
    chunkError = null;
    chunkUsage = null;
    chunkId = null;
    chunkModel = null;
    choiceCount = 0;
    JsonToken token = p.nextToken();
    if (token == null) {
      throw transport.malformed("a stream chunk is empty", frame.data(), null);
    }
    if (token != JsonToken.START_OBJECT) {
      // Valid JSON that is not an object says nothing, as the tree path found nothing in it.
      p.skipChildren();
      return;
    }
    String name;
    int position = 0;
    while ((name = chunkNames.next(p, position++)) != null) {
      JsonToken value = p.nextToken();
      switch (name) {
        case "choices" -> readChoices(p, value);
        case "usage" -> chunkUsage = value == JsonToken.START_OBJECT ? tree(p) : skip(p);
        case "error" -> chunkError = value == JsonToken.VALUE_NULL ? null : tree(p);
        case "id" -> chunkId = text(p, value, responseId);
        case "model" -> chunkModel = text(p, value, responseModel);
        default -> p.skipChildren();
      }
    }
  }

  private void readChoices(JsonParser p, JsonToken value) throws IOException {
    choiceCount = 0;
    if (value == JsonToken.START_ARRAY) {
      JsonToken element;
      while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
        readChoice(p, element);
      }
    } else if (value == JsonToken.START_OBJECT) {
      // A tree iterates an object's values; so does this.
      while (p.nextFieldName() != null) {
        readChoice(p, p.nextToken());
      }
    }
  }

  private void readChoice(JsonParser p, JsonToken value) throws IOException {
    if (value != JsonToken.START_OBJECT) {
      // Not an object: no index, delta or finish_reason to find in it.
      p.skipChildren();
      return;
    }
    if (choiceCount == choices.size()) {
      choices.add(new Choice());
    }
    Choice choice = choices.get(choiceCount++);
    choice.index = 0;
    choice.finishReason = null;
    clearDelta(choice);
    String name;
    int position = 0;
    while ((name = choiceNames.next(p, position++)) != null) {
      JsonToken v = p.nextToken();
      switch (name) {
        case "index" ->
            choice.index =
                v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT
                    ? p.getIntValue()
                    : asInt(tree(p));
        case "delta" -> {
          clearDelta(choice);
          if (v == JsonToken.START_OBJECT) {
            readDelta(p, choice);
          } else {
            p.skipChildren();
          }
        }
        case "finish_reason" -> choice.finishReason = text(p, v);
        default -> p.skipChildren();
      }
    }
  }

  private void readDelta(JsonParser p, Choice choice) throws IOException {
    String name;
    int position = 0;
    while ((name = deltaNames.next(p, position++)) != null) {
      JsonToken v = p.nextToken();
      switch (name) {
        case "content" -> choice.content = text(p, v);
        case "refusal" -> choice.refusal = text(p, v);
        // Compatible servers' reasoning text (see ChatCompletionsCodec.reasoningText).
        case "reasoning_content", "reasoning" -> {
          String piece = text(p, v);
          if (piece != null) {
            choice.reasoning = piece;
          }
        }
        case "tool_calls" ->
            // Iterated as a tree iterates it: an array's elements or an object's values.
            choice.toolCalls =
                v == JsonToken.START_ARRAY || v == JsonToken.START_OBJECT ? tree(p) : skip(p);
        default -> p.skipChildren();
      }
    }
  }

  private static void clearDelta(Choice choice) {
    choice.content = null;
    choice.refusal = null;
    choice.reasoning = null;
    choice.toolCalls = null;
  }

  /** A string value's text; {@code null} for any other value (skipped). */
  private static String text(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    p.skipChildren();
    return null;
  }

  /**
   * Like {@link #text(JsonParser, JsonToken)}, but {@code last} itself when the string equals it:
   * every chunk repeats the reply's id and model, and comparing the parser's characters costs less
   * than a new string per chunk.
   */
  private static String text(JsonParser p, JsonToken value, String last) throws IOException {
    if (value != JsonToken.VALUE_STRING || last == null) {
      return text(p, value);
    }
    int length = p.getTextLength();
    if (length == last.length()) {
      char[] chars = p.getTextCharacters();
      int offset = p.getTextOffset();
      int i = 0;
      while (i < length && chars[offset + i] == last.charAt(i)) {
        i++;
      }
      if (i == length) {
        return last;
      }
    }
    return p.getText();
  }

  private static JsonNode tree(JsonParser p) throws IOException {
    JsonNode node = WireJson.readValue(p);
    return node == null ? NullNode.getInstance() : node;
  }

  private static JsonNode skip(JsonParser p) throws IOException {
    p.skipChildren();
    return null;
  }

  private static int asInt(JsonNode node) {
    return node.asInt(0);
  }

  private void addFragment(JsonNode fragment, SseEvent frame) {
    if (callsEmitted) {
      // The excerpt shows the chunk as the tree decoder did (compact), read again on this rare
      // path.
      throw transport.malformed(
          "a tool-call fragment arrived after the choice finished",
          transport.parseJson(frame.data(), "a stream chunk").toString(),
          null);
    }
    JsonNode index = fragment.get("index");
    int i = index != null && index.canConvertToInt() ? index.asInt() : calls.size();
    CallBuilder call = calls.computeIfAbsent(i, k -> new CallBuilder());
    String id = ChatCompletionsCodec.text(fragment, "id");
    if (id != null && !id.isEmpty()) {
      call.id = id;
    }
    JsonNode function = fragment.path("function");
    String name = ChatCompletionsCodec.text(function, "name");
    if (name != null && !name.isEmpty()) {
      call.name = name;
    }
    JsonNode args = function.get("arguments");
    if (args != null && !args.isNull()) {
      call.arguments.append(args.isTextual() ? args.asText() : args.toString());
    }
  }

  private void emitCalls(Consumer<StreamEvent> out) {
    if (callsEmitted) {
      return;
    }
    callsEmitted = true;
    if (reasoning.length() > 0) {
      out.accept(
          new StreamEvent.ReasoningEvent(
              Part.Reasoning.text(reasoning.toString(), Part.Reasoning.OPENAI_COMPATIBLE)));
    }
    for (Map.Entry<Integer, CallBuilder> e : calls.entrySet()) {
      CallBuilder c = e.getValue();
      if (c.name == null) {
        throw transport.malformed("tool call " + e.getKey() + " has no function name", "", null);
      }
      String id = c.id == null ? "call_" + e.getKey() : c.id;
      out.accept(
          new StreamEvent.ToolCallEvent(new Part.ToolCall(id, c.name, c.arguments.toString())));
    }
  }

  private void finish(Consumer<StreamEvent> out) {
    emitCalls(out);
    if (usage != null) {
      out.accept(new StreamEvent.UsageEvent(usage));
    }
    FinishReason reason = finish;
    if (refused && reason == FinishReason.STOP) {
      reason = FinishReason.CONTENT_FILTER;
    }
    if (reason == null) {
      reason = calls.isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS;
    }
    out.accept(new StreamEvent.Done(reason, responseId, responseModel));
  }

  @Override
  public void endOfInput(Consumer<StreamEvent> out) {
    if (finish == null) {
      throw transport.malformed(
          "the stream ended before the reply was complete (no finish_reason, no [DONE])", "", null);
    }
    finish(out);
  }
}
