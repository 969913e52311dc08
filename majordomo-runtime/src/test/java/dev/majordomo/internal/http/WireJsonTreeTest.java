package dev.majordomo.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link WireJson#readTree} and {@link WireJson#writeBytes} give what {@code new ObjectMapper()}
 * gives, without building one: the same trees (node classes included) and the same bytes.
 */
class WireJsonTreeTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"id\":\"x\",\"choices\":[{\"index\":0,\"message\":{\"content\":\"hé \\u00e9 \\\"q\\\"\"}}]}",
        "{\"a\":1,\"b\":-2147483649,\"c\":123456789012345678901234567890,\"d\":1.5,\"e\":1e400}",
        "{\"n\":null,\"t\":true,\"f\":false,\"empty\":[],\"o\":{}}",
        "[1,[2,[3,[]]],{\"k\":[null]}]",
        "{\"dup\":1,\"dup\":2}",
        "\"just a string\"",
        "42",
        "null",
        "{\"a\":1} trailing ignored",
        "   ",
        "",
      })
  void readsTheTreeTheMapperReads(String text) throws Exception {
    JsonNode ours = WireJson.readTree(text);
    JsonNode theirs = MAPPER.readTree(text);
    JsonNode oursFromBytes = WireJson.readTree(text.getBytes(StandardCharsets.UTF_8));

    assertThat(ours).isEqualTo(theirs);
    assertThat(classes(ours)).isEqualTo(classes(theirs));
    assertThat(oursFromBytes).isEqualTo(theirs);
    assertThat(classes(oursFromBytes)).isEqualTo(classes(theirs));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"a\":", "{\"a\" 1}", "[1,2", "{'a':1}", "nope", "]"})
  void failsWhereTheMapperFails(String text) {
    assertThatThrownBy(() -> MAPPER.readTree(text)).isInstanceOf(JsonProcessingException.class);
    assertThatThrownBy(() -> WireJson.readTree(text)).isInstanceOf(JsonProcessingException.class);
    assertThatThrownBy(() -> WireJson.readTree(text.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void bytesThatAreNotUtf8AreRefusedAsTheMapperRefusesThem() {
    byte[] invalid = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'};
    assertThatThrownBy(() -> MAPPER.readTree(invalid)).isInstanceOf(JsonProcessingException.class);
    assertThatThrownBy(() -> WireJson.readTree(invalid))
        .isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void readValueReadsTheValueAParserStandsOn() throws Exception {
    try (var parser = WireJson.createParser("{\"a\":[1,{\"b\":null}],\"c\":\"d\"}")) {
      parser.nextToken(); // {
      parser.nextToken(); // "a"
      parser.nextToken(); // [
      assertThat(WireJson.readValue(parser)).isEqualTo(MAPPER.readTree("[1,{\"b\":null}]"));
      assertThat(parser.nextToken()).isEqualTo(JsonToken.FIELD_NAME);
      assertThat(parser.currentName()).isEqualTo("c");
    }
    try (var empty = WireJson.createParser("  ")) {
      assertThat(WireJson.readValue(empty)).isNull();
    }
  }

  @Test
  void writesTheBytesTheMapperWrites() throws Exception {
    ObjectNode body = WireJson.NODES.objectNode();
    body.put("model", "gpt-4o").put("temperature", 0.7).put("max", 10).put("big", 1L << 40);
    body.put("f", 1.25f)
        .put("dec", new BigDecimal("1.10"))
        .put("bi", new BigInteger("9".repeat(30)));
    body.putNull("none").put("yes", true).put("text", "line\nbreak \"q\" é \u2028");
    body.putArray("empty");
    body.putArray("messages")
        .addObject()
        .put("role", "user")
        .putObject("nested")
        .putArray("x")
        .add(1);
    body.putPOJO("pojo", List.of("a", 1));

    assertThat(new String(WireJson.writeBytes(body), StandardCharsets.UTF_8))
        .isEqualTo(new String(MAPPER.writeValueAsBytes(body), StandardCharsets.UTF_8));
  }

  private static List<String> classes(JsonNode node) {
    List<String> out = new ArrayList<>();
    collect(node, out);
    return out;
  }

  private static void collect(JsonNode node, List<String> out) {
    out.add(node.getClass().getSimpleName());
    for (JsonNode child : node) {
      collect(child, out);
    }
  }
}
