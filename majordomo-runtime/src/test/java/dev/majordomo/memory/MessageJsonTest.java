package dev.majordomo.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.JsonDecodingException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Role;
import dev.majordomo.media.Image;
import java.net.URI;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class MessageJsonTest {
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
  private static final byte[] GIF = {'G', 'I', 'F', '8', '9', 'a'};
  private static final byte[] WEBP = {'R', 'I', 'F', 'F', 1, 2, 3, 4, 'W', 'E', 'B', 'P'};

  @Property(tries = 500)
  void everyMessageRoundTripsToAnEqualOneThroughTextThatEveryEncodingHolds(
      @ForAll("messages") Message message) throws CharacterCodingException {
    String json = MessageJson.write(message);

    assertThat(MessageJson.read(json)).isEqualTo(message);
    // No surrogate and no control character is written raw: the text encodes to UTF-8 without
    // replacement and holds no NUL, so a text column of any database keeps it as it is.
    StandardCharsets.UTF_8
        .newEncoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .encode(CharBuffer.wrap(json));
    assertThat(json.chars().noneMatch(c -> c < 0x20 || Character.isSurrogate((char) c)))
        .as(json)
        .isTrue();
  }

  @Test
  void writesTheDocumentedForm() {
    Message message =
        Message.assistant(
            List.of(
                Part.text("Let me check."),
                Part.image(Image.fromUrl(URI.create("https://example.com/cat.png"))),
                Part.image(Image.fromBytes(PNG, "image/png")),
                new Part.ToolCall("call_1", "weather", "{\"city\": \"Oslo\"}"),
                new Part.ToolResult("call_1", "weather", "12 C", false)));

    assertThat(MessageJson.write(message))
        .isEqualTo(
            "{\"v\":1,\"role\":\"assistant\",\"parts\":["
                + "{\"type\":\"text\",\"text\":\"Let me check.\"},"
                + "{\"type\":\"image\",\"url\":\"https://example.com/cat.png\"},"
                + "{\"type\":\"image\",\"mimeType\":\"image/png\",\"base64\":\"iVBORw0KGgo=\"},"
                + "{\"type\":\"tool_call\",\"id\":\"call_1\",\"name\":\"weather\","
                + "\"arguments\":\"{\\\"city\\\": \\\"Oslo\\\"}\"},"
                + "{\"type\":\"tool_result\",\"callId\":\"call_1\",\"name\":\"weather\","
                + "\"content\":\"12 C\",\"isError\":false}]}");
  }

  @Test
  void writesTheImagesOfAToolResultAndReadsThemBack() {
    Image png = Image.fromBytes(PNG, "image/png");
    Image byUrl = Image.fromUrl(URI.create("https://example.com/chart.png"));
    Message message =
        Message.toolResults(
            List.of(new Part.ToolResult("call_2", "chart", "", false, List.of(png, byUrl))));

    String json = MessageJson.write(message);

    assertThat(json)
        .isEqualTo(
            "{\"v\":1,\"role\":\"tool\",\"parts\":["
                + "{\"type\":\"tool_result\",\"callId\":\"call_2\",\"name\":\"chart\","
                + "\"content\":\"\",\"isError\":false,\"images\":["
                + "{\"mimeType\":\"image/png\",\"base64\":\"iVBORw0KGgo=\"},"
                + "{\"url\":\"https://example.com/chart.png\"}]}]}");
    assertThat(MessageJson.read(json)).isEqualTo(message);
  }

  @Test
  void keepsReasoningPartsUnchangedSoThatTheyCanBeReplayed() {
    Message turn =
        Message.assistant(
            List.of(
                Part.Reasoning.anthropic("Look it up.", "EqQBCgIYAhIM+/="),
                Part.Reasoning.anthropicRedacted("cmVkYWN0ZWQ="),
                new Part.Reasoning("summary", "enc", null, Part.Reasoning.OPENAI_RESPONSES, "rs_1"),
                Part.Reasoning.text("hm", null),
                new Part.ToolCall("toolu_1", "lookup", "{}")));

    String json = MessageJson.write(turn);

    assertThat(json)
        .contains(
            "{\"type\":\"reasoning\",\"text\":\"Look it up.\",\"signature\":\"EqQBCgIYAhIM+/=\","
                + "\"origin\":\"anthropic\"}")
        .contains("{\"type\":\"reasoning\",\"text\":\"hm\"}");
    assertThat(MessageJson.read(json)).isEqualTo(turn);
  }

  @Test
  void readsAToolResultStoredBeforeImagesExistedAsOneWithout() {
    Message read =
        MessageJson.read(
            "{\"v\":1,\"role\":\"tool\",\"parts\":[{\"type\":\"tool_result\","
                + "\"callId\":\"c\",\"name\":\"n\",\"content\":\"x\",\"isError\":true}]}");

    Part.ToolResult result = (Part.ToolResult) read.parts().get(0);
    assertThat(result.images()).isEmpty();
    assertThat(result).isEqualTo(new Part.ToolResult("c", "n", "x", true));
  }

  @Test
  void refusesToolResultImagesThatAreNotAnArrayOfImages() {
    assertDecodingError(
        "{\"v\":1,\"role\":\"tool\",\"parts\":[{\"type\":\"tool_result\",\"callId\":\"c\","
            + "\"name\":\"n\",\"content\":\"x\",\"isError\":false,\"images\":{}}]}",
        "$.parts[0].images",
        "field images is an array, was an object");
    assertDecodingError(
        "{\"v\":1,\"role\":\"tool\",\"parts\":[{\"type\":\"tool_result\",\"callId\":\"c\","
            + "\"name\":\"n\",\"content\":\"x\",\"isError\":false,\"images\":[{}]}]}",
        "$.parts[0].images[0].mimeType",
        "missing field mimeType");
  }

  @Test
  void writesSurrogatesAndControlCharactersAsEscapesAndNonAsciiLettersAsTheyAre() {
    String json = MessageJson.write(Message.user("é\uD83D\uDE00\uD800\u0000\n"));

    assertThat(json).contains("\"é\\ud83d\\ude00\\ud800\\u0000\\n\"");
    assertThat(MessageJson.read(json).text()).isEqualTo("é\uD83D\uDE00\uD800\u0000\n");
  }

  @Test
  void readsFieldsInAnyOrderAndIgnoresFieldsItDoesNotKnow() {
    Message read =
        MessageJson.read(
            "{\"parts\":[{\"text\":\"hi\",\"type\":\"text\",\"lang\":\"en\"}],"
                + "\"role\":\"user\",\"v\":1,\"at\":\"2026-01-01\"}");

    assertThat(read).isEqualTo(Message.user("hi"));
  }

  @Test
  void refusesAnUnknownVersionNamingIt() {
    assertThatThrownBy(() -> MessageJson.read("{\"v\":2,\"role\":\"user\",\"parts\":[]}"))
        .isInstanceOf(JsonDecodingException.class)
        .hasMessage("unknown stored message version 2: this runtime reads version 1")
        .extracting(e -> ((JsonDecodingException) e).path())
        .isEqualTo("$.v");
    assertDecodingError("{\"v\":\"1\",\"role\":\"user\",\"parts\":[]}", "$.v", "version \"1\"");
    assertDecodingError("{\"role\":\"user\",\"parts\":[]}", "$.v", "no version");
  }

  @Test
  void refusesAnUnknownPartTypeNamingItAndWhereItIs() {
    assertDecodingError(
        "{\"v\":1,\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"text\":\"a\"},"
            + "{\"type\":\"audio\",\"data\":\"AAAA\"}]}",
        "$.parts[1].type",
        "unknown part type \"audio\"");
  }

  @Test
  void refusesAMissingOrMistypedFieldNamingItsPath() {
    assertDecodingError(
        "{\"v\":1,\"role\":\"tool\",\"parts\":[{\"type\":\"tool_result\",\"callId\":\"c\","
            + "\"name\":\"n\",\"content\":\"x\"}]}",
        "$.parts[0].isError",
        "missing field isError");
    assertDecodingError(
        "{\"v\":1,\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":7,"
            + "\"name\":\"n\",\"arguments\":\"{}\"}]}",
        "$.parts[0].id",
        "field id is a string, was a number");
    assertDecodingError("{\"v\":1,\"role\":\"user\"}", "$.parts", "absent");
    assertDecodingError("{\"v\":1,\"parts\":[]}", "$.role", "missing field role");
    assertDecodingError(
        "{\"v\":1,\"role\":\"robot\",\"parts\":[]}", "$.role", "unknown role \"robot\"");
    assertDecodingError("{\"v\":1,\"role\":\"user\",\"parts\":[\"hi\"]}", "$.parts[0]", "a string");
  }

  @Test
  void refusesImagesThatAreNotImagesNamingWhere() {
    assertDecodingError(
        "{\"v\":1,\"role\":\"user\",\"parts\":[{\"type\":\"image\",\"url\":\"file:///etc/passwd\"}]}",
        "$.parts[0]",
        "http or https");
    assertDecodingError(
        "{\"v\":1,\"role\":\"user\",\"parts\":[{\"type\":\"image\",\"mimeType\":\"image/png\","
            + "\"base64\":\"%%%\"}]}",
        "$.parts[0].base64", "not base64");
    assertDecodingError(
        "{\"v\":1,\"role\":\"user\",\"parts\":[{\"type\":\"image\",\"mimeType\":\"image/gif\","
            + "\"base64\":\"iVBORw0KGgo=\"}]}",
        "$.parts[0]",
        "declared image/gif but the bytes are image/png");
  }

  @Test
  void refusesTextThatIsNotOneJsonObject() {
    assertDecodingError("", "$", "absent");
    assertDecodingError("[]", "$", "an array");
    assertDecodingError("{\"v\":1,", "$", "not JSON");
    assertDecodingError("{\"v\":1,\"role\":\"user\",\"parts\":[]} {}", "$", "text follows it");
  }

  private static void assertDecodingError(String json, String path, String messagePart) {
    assertThatThrownBy(() -> MessageJson.read(json))
        .isInstanceOf(JsonDecodingException.class)
        .hasMessageContaining(messagePart)
        .extracting(e -> ((JsonDecodingException) e).path())
        .isEqualTo(path);
  }

  @Provide
  Arbitrary<Message> messages() {
    Arbitrary<Part> part = Arbitraries.oneOf(texts(), images(), toolCalls(), toolResults());
    return Combinators.combine(
            Arbitraries.of(Role.class), part.list().ofMaxSize(6).map(List::copyOf))
        .as(Message::new);
  }

  private static Arbitrary<String> anyText() {
    // Every char, lone surrogates and NUL included, plus the characters that JSON escapes.
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(40),
        Arbitraries.strings().withChars("\"\\/\n\r\t\u0000\u2028\uD83D\uDE00é").ofMaxLength(20));
  }

  private static Arbitrary<Part> texts() {
    return anyText().map(Part::text);
  }

  private static Arbitrary<Part> images() {
    Arbitrary<Part> byUrl =
        Arbitraries.of(
                "https://example.com/cat.png",
                "http://localhost:8080/a%20b.jpg?x=1&y=%C3%A9#frag",
                "https://example.com/%F0%9F%98%80.gif")
            .map(url -> Part.image(Image.fromUrl(URI.create(url))));
    Arbitrary<Part> inline =
        Combinators.combine(
                Arbitraries.of(PNG, JPEG, GIF, WEBP),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(64))
            .as(
                (magic, tail) -> {
                  byte[] bytes = new byte[magic.length + tail.length];
                  System.arraycopy(magic, 0, bytes, 0, magic.length);
                  System.arraycopy(tail, 0, bytes, magic.length, tail.length);
                  return Part.image(Image.fromBytes(bytes));
                });
    return Arbitraries.oneOf(byUrl, inline);
  }

  private static Arbitrary<Part> toolCalls() {
    // Raw arguments are kept as text, whatever their spacing, order or validity.
    Arbitrary<String> arguments =
        Arbitraries.oneOf(
            Arbitraries.of("{}", "{\"city\": \"Oslo\"}", "{ \"b\":1,\n \"a\":[1.50, 2e3] }"),
            anyText());
    return Combinators.combine(anyText(), anyText(), arguments).as(Part.ToolCall::new);
  }

  private static Arbitrary<Part> toolResults() {
    Arbitrary<List<dev.majordomo.media.Image>> images =
        images().map(p -> ((Part.ImagePart) p).image()).list().ofMaxSize(2).map(List::copyOf);
    return Combinators.combine(anyText(), anyText(), anyText(), Arbitraries.of(true, false), images)
        .as(Part.ToolResult::new);
  }
}
