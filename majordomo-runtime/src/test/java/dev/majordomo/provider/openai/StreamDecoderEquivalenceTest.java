package dev.majordomo.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.internal.http.HttpTransport;
import dev.majordomo.internal.http.SseEvent;
import dev.majordomo.internal.http.StreamDecoder;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.Target;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.Test;

/**
 * The streaming-parser decoder of Chat Completions chunks agrees with the tree-reading decoder it
 * replaced ({@link TreeStreamDecoderReference}) on random streams: the same events in the same
 * order, and the same typed error with the same message. The chunks mix the fields the decoder
 * reads, in every JSON type, with duplicates, unknown fields, non-object values, broken JSON,
 * trailing garbage, bytes that are not UTF-8, NUL bytes and byte order marks; the streams go
 * through the real SSE reader, so the decoder sees events as the transport builds them.
 */
class StreamDecoderEquivalenceTest {
  private static final Target TARGET = new Target("openai", "canned.invalid", -1, "m");

  /** Stand-ins for bytes that a Java string cannot carry, replaced when the body is encoded. */
  private static final char INVALID_FF = '\uE000';

  private static final char OVERLONG_NUL = '\uE001';
  private static final char SURROGATE = '\uE002';
  private static final char NUL = '\uE003';
  private static final char TRUNCATED = '\uE004';

  @Property(tries = 3000)
  void streamingDecoderAgreesWithTheTreeDecoder(@ForAll("streams") List<String> frames) {
    byte[] body = body(frames);
    String expected = run(body, ChatCompletionsStreamDecoderFactory.TREE);
    String actual = run(body, ChatCompletionsStreamDecoderFactory.STREAMING);
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void theBenchmarkChunkDecodesAsBefore() {
    String chunk =
        "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1735689600,"
            + "\"model\":\"bench\",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_bench\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"word1 \"},"
            + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}";
    byte[] body =
        body(
            List.of(
                chunk, "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}"));
    String actual = run(body, ChatCompletionsStreamDecoderFactory.STREAMING);
    assertThat(actual)
        .isEqualTo(
            "TextDelta[text=word1 ]\n"
                + "Done[finishReason=STOP, responseId=chatcmpl-bench, responseModel=bench]\n");
    assertThat(actual).isEqualTo(run(body, ChatCompletionsStreamDecoderFactory.TREE));
  }

  @Test
  void brokenJsonIsReportedAsTheTreeDecoderReportedIt() {
    for (String broken :
        List.of(
            "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}",
            "{oops",
            "{\"a\":1,}",
            "{\"choices\":[" + INVALID_FF + "]}",
            "{\"x\":\"" + NUL + "\"}")) {
      byte[] body = body(List.of(broken));
      String actual = run(body, ChatCompletionsStreamDecoderFactory.STREAMING);
      assertThat(actual).contains("not valid JSON");
      assertThat(actual).isEqualTo(run(body, ChatCompletionsStreamDecoderFactory.TREE));
    }
  }

  @Test
  void invalidUtf8InsideAStringReadsAsReplacementCharacters() {
    byte[] body =
        body(
            List.of(
                "{\"choices\":[{\"delta\":{\"content\":\"a"
                    + INVALID_FF
                    + OVERLONG_NUL
                    + SURROGATE
                    + "b\"},\"finish_reason\":\"stop\"}]}"));
    String actual = run(body, ChatCompletionsStreamDecoderFactory.STREAMING);
    assertThat(actual).startsWith("TextDelta[text=a\uFFFD\uFFFD\uFFFD");
    assertThat(actual).isEqualTo(run(body, ChatCompletionsStreamDecoderFactory.TREE));
  }

  /** How each decoder is made; the enum keeps the property's parameters plain. */
  private enum ChatCompletionsStreamDecoderFactory {
    TREE(TreeStreamDecoderReference::new),
    STREAMING(ChatCompletionsStreamDecoder::new);

    final Function<HttpTransport, StreamDecoder<SseEvent>> make;

    ChatCompletionsStreamDecoderFactory(Function<HttpTransport, StreamDecoder<SseEvent>> make) {
      this.make = make;
    }
  }

  /** The events of the stream, one per line, then the error that ended it, if any. */
  private static String run(byte[] body, ChatCompletionsStreamDecoderFactory factory) {
    OkHttpClient client =
        new OkHttpClient.Builder()
            .addInterceptor(
                chain ->
                    new okhttp3.Response.Builder()
                        .request(chain.request())
                        .protocol(Protocol.HTTP_1_1)
                        .code(200)
                        .message("OK")
                        .body(ResponseBody.create(body, MediaType.get("text/event-stream")))
                        .build())
            .build();
    HttpTransport transport = HttpTransport.builder(TARGET).build();
    StringBuilder out = new StringBuilder();
    try (ResponseStream stream =
        transport.streamSse(
            client,
            new Request.Builder().url("https://canned.invalid").build(),
            null,
            factory.make.apply(transport))) {
      while (stream.hasNext()) {
        out.append(stream.next()).append('\n');
      }
    } catch (LlmException e) {
      out.append("error ")
          .append(e.kind())
          .append(": ")
          .append(e.getMessage())
          .append(" | ")
          .append(e.bodyExcerpt());
    }
    return out.toString();
  }

  private static byte[] body(List<String> frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String frame : frames) {
      out.writeBytes(bytes("data: "));
      out.writeBytes(encode(frame));
      out.writeBytes(bytes("\n\n"));
    }
    return out.toByteArray();
  }

  /** UTF-8, with the stand-in characters replaced by the broken bytes they stand for. */
  private static byte[] encode(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int from = 0;
    for (int i = 0; i < text.length(); i++) {
      byte[] broken =
          switch (text.charAt(i)) {
            case INVALID_FF -> new byte[] {(byte) 0xFF};
            case OVERLONG_NUL -> new byte[] {(byte) 0xC0, (byte) 0x80};
            case SURROGATE -> new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
            case NUL -> new byte[] {0};
            case TRUNCATED -> new byte[] {(byte) 0xE2, (byte) 0x82};
            default -> null;
          };
      if (broken != null) {
        out.writeBytes(bytes(text.substring(from, i)));
        out.writeBytes(broken);
        from = i + 1;
      }
    }
    out.writeBytes(bytes(text.substring(from)));
    return out.toByteArray();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  // ---- generators ----

  @Provide
  Arbitrary<List<String>> streams() {
    Arbitrary<String> frame =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(12, chunk()),
            net.jqwik.api.Tuple.of(
                2,
                Arbitraries.of(
                    "[DONE]", " [DONE] ", "", "  ", "\u3000", "\u00a0[DONE]", "\u2003[DONE]\t")),
            net.jqwik.api.Tuple.of(2, broken()));
    return frame.list().ofMaxSize(6);
  }

  private Arbitrary<String> broken() {
    return Arbitraries.of(
        "{oops",
        "{\"choices\":[",
        "{\"a\":1,}",
        "[1,",
        "\uFEFF{}",
        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}]} trailing",
        "{\"choices\":[{\"delta\":{\"content\":\"y\"}}]}{\"error\":{}}",
        "{\"x\":\"" + NUL + "\"}",
        "" + NUL + "{}",
        "{\"choices\":[" + INVALID_FF + "]}",
        "{\"a\":" + TRUNCATED + "}",
        "tru",
        "{\"a\":01}",
        "{\"a\":\"\\q\"}");
  }

  private Arbitrary<String> chunk() {
    Arbitrary<String> value =
        Arbitraries.oneOf(
            object(field()),
            Arbitraries.of("42", "\"s\"", "[1,{\"choices\":[]}]", "null", "true", "{}"));
    return Combinators.combine(value, Arbitraries.of("", "", "", " ", "\n", " x", " {}"))
        .as((v, tail) -> v + tail);
  }

  private Arbitrary<String> field() {
    return Arbitraries.oneOf(
        choices().map(v -> "\"choices\":" + v),
        choices().map(v -> "\"choices\":" + v),
        usage().map(v -> "\"usage\":" + v),
        error().map(v -> "\"error\":" + v),
        Arbitraries.of(
            "\"id\":\"chatcmpl-1\"",
            "\"id\":\"chatcmpl-2\"",
            "\"id\":\"\"",
            "\"id\":null",
            "\"id\":7",
            "\"model\":\"gpt-4o-2024-08-06\"",
            "\"model\":\"other\"",
            "\"model\":\"\"",
            "\"model\":{\"id\":\"no\"}",
            "\"object\":\"chat.completion.chunk\"",
            "\"created\":1735689600",
            "\"nested\":{\"choices\":[{\"delta\":{\"content\":\"no\"}}],\"a\":[1,[2,{}]]}",
            "\"big\":123456789012345678901234567890",
            "\"f\":1.5e300",
            "\"esc\\u0063hoices\":[]"));
  }

  private Arbitrary<String> choices() {
    Arbitrary<String> choice =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(8, object(choiceField())),
            net.jqwik.api.Tuple.of(1, Arbitraries.of("7", "[]", "null", "\"c\"", "[{}]")));
    return Arbitraries.oneOf(
        choice.list().ofMaxSize(3).map(list -> "[" + String.join(",", list) + "]"),
        choice.list().ofMaxSize(2).map(StreamDecoderEquivalenceTest::asObjectValues),
        Arbitraries.of("null", "3", "\"x\""));
  }

  private Arbitrary<String> choiceField() {
    return Arbitraries.oneOf(
        Arbitraries.of(
                "0",
                "0",
                "1",
                "\"0\"",
                "\"1\"",
                "null",
                "0.5",
                "1.0",
                "true",
                "4294967296",
                "{}",
                "[0]",
                "-0",
                "\"x\"")
            .map(v -> "\"index\":" + v),
        delta().map(v -> "\"delta\":" + v),
        delta().map(v -> "\"delta\":" + v),
        Arbitraries.of(
                "\"stop\"",
                "\"length\"",
                "\"tool_calls\"",
                "\"content_filter\"",
                "null",
                "null",
                "1",
                "\"weird\"",
                "{\"a\":1}")
            .map(v -> "\"finish_reason\":" + v),
        Arbitraries.of("\"logprobs\":null", "\"logprobs\":{\"content\":[{\"token\":\"a\"}]}"));
  }

  private Arbitrary<String> delta() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, object(deltaField())),
        net.jqwik.api.Tuple.of(1, Arbitraries.of("null", "\"x\"", "[]", "[{\"content\":\"a\"}]")));
  }

  private Arbitrary<String> deltaField() {
    Arbitrary<String> text =
        Arbitraries.of(
            "\"hi\"",
            "\"\"",
            "null",
            "5",
            "\"é€😀\"",
            "\"\\u00e9\\n\\\"q\\\"\"",
            "\"a" + INVALID_FF + "b\"",
            "\"" + OVERLONG_NUL + SURROGATE + TRUNCATED + "\"",
            "{\"text\":\"no\"}",
            "[\"no\"]");
    return Arbitraries.oneOf(
        text.map(v -> "\"content\":" + v),
        text.map(v -> "\"content\":" + v),
        text.map(v -> "\"refusal\":" + v),
        toolCalls().map(v -> "\"tool_calls\":" + v),
        Arbitraries.of("\"role\":\"assistant\"", "\"reasoning\":{\"a\":[1,2]}"));
  }

  private Arbitrary<String> toolCalls() {
    Arbitrary<String> fragment =
        Arbitraries.of(
            "{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"\"}}",
            "{\"index\":0,\"function\":{\"arguments\":\"{\\\"a\\\":\"}}",
            "{\"index\":1,\"id\":\"call_2\",\"function\":{\"name\":\"g\",\"arguments\":\"1}\"}}",
            "{\"function\":{\"name\":\"h\",\"arguments\":{\"x\":1}}}",
            "{\"index\":\"0\",\"function\":{\"arguments\":null}}",
            "{\"index\":2,\"function\":{\"arguments\":\"{}\"}}",
            "3",
            "null");
    return Arbitraries.oneOf(
        fragment.list().ofMaxSize(3).map(list -> "[" + String.join(",", list) + "]"),
        fragment.list().ofMaxSize(2).map(StreamDecoderEquivalenceTest::asObjectValues),
        Arbitraries.of("null", "1", "\"t\""));
  }

  private Arbitrary<String> usage() {
    return Arbitraries.of(
        "{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7}",
        "{\"prompt_tokens\":3,\"prompt_tokens_details\":{\"cached_tokens\":2},"
            + "\"completion_tokens_details\":{\"reasoning_tokens\":1}}",
        "{\"prompt_tokens\":\"x\",\"completion_tokens\":-1}",
        "null",
        "7",
        "[{\"prompt_tokens\":1}]");
  }

  private Arbitrary<String> error() {
    return Arbitraries.of(
        "{\"message\":\"boom\",\"type\":\"server_error\"}",
        "{\"code\":\"rate_limit_exceeded\",\"message\":\"slow down\"}",
        "{\"code\":\"context_length_exceeded\",\"message\":\"too long\"}",
        "\"text\"",
        "null",
        "null",
        "42",
        "[1]",
        "{}");
  }

  private static Arbitrary<String> object(Arbitrary<String> field) {
    return field.list().ofMaxSize(5).map(list -> "{" + String.join(",", list) + "}");
  }

  private static String asObjectValues(List<String> values) {
    List<String> fields = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      fields.add("\"k" + i + "\":" + values.get(i));
    }
    return "{" + String.join(",", fields) + "}";
  }
}
