package dev.majordomo.internal.assistant;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.majordomo.JsonDecodingException;
import dev.majordomo.MajordomoException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Strict JSON readers and a writer, for generated decoders and tool dispatchers.
 *
 * <p>Every reader takes the node and its JSON path ({@code $} is the root, {@code $.days[2].city} a
 * nested field) and throws a {@link JsonDecodingException} naming that path and the expected type
 * when the node has another shape. There are no silent conversions: a string where a number is
 * expected is an error, and so is a fraction where an integer is expected or an integer out of the
 * Java type's range. A number with a zero fraction ({@code 3.0}) is an integer, as JSON Schema
 * says.
 *
 * <p>A {@code null} node means "absent" (a field that is not there); {@link #field} returns it for
 * a missing optional field, and {@link #optional} and {@link #nullable} treat it like JSON {@code
 * null}.
 */
public final class Json {
  private static final int EXCERPT = 60;
  private static final int MAX_BIG_DIGITS = 1000;

  private Json() {}

  /**
   * The mapper, built on first use: generated classes name this class in their constants ({@code
   * Json::bool}), and an application that creates its assistants as it starts should not pay for
   * Jackson before the first call.
   */
  private static final class Mapper {
    static final ObjectMapper INSTANCE = newMapper();

    private Mapper() {}
  }

  /**
   * Decodes one value found at {@code path}: a field, an element of a list or map, or the value of
   * an optional. Bad input is a {@link JsonDecodingException}, so decoders declare no checked
   * exception.
   */
  @FunctionalInterface
  public interface ElementDecoder<T> {
    T decode(JsonNode node, String path);
  }

  /**
   * Parses a JSON document.
   *
   * @throws JsonDecodingException at path {@code $} when the text is not one JSON document
   */
  public static JsonNode parse(String json) {
    if (json == null || json.isBlank()) {
      throw new JsonDecodingException("$", "$: expected a JSON document but the text is empty");
    }
    try {
      JsonNode node = Mapper.INSTANCE.readTree(json);
      if (node == null || node.isMissingNode()) {
        throw new JsonDecodingException("$", "$: expected a JSON document but the text is empty");
      }
      return node;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      throw new JsonDecodingException(
          "$", "$: not valid JSON" + where + ": " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Parses a model's reply: the JSON document itself, or one wrapped in a Markdown code fence
   * ({@code ```json … ```}), possibly with prose around the fence.
   */
  static JsonNode parseReply(String text) {
    return parse(unfence(text));
  }

  static String unfence(String text) {
    if (text == null) {
      return null;
    }
    String t = text.strip();
    if (t.startsWith("{") || t.startsWith("[")) {
      return t;
    }
    int open = t.indexOf("```");
    if (open < 0) {
      return t;
    }
    int bodyStart = t.indexOf('\n', open);
    if (bodyStart < 0) {
      return t;
    }
    int close = t.indexOf("```", bodyStart);
    String body = close < 0 ? t.substring(bodyStart + 1) : t.substring(bodyStart + 1, close);
    return body.strip();
  }

  /** Writes {@code value} as JSON, e.g. a tool's result; a {@code String} becomes a JSON string. */
  public static String write(Object value) {
    try {
      return Mapper.INSTANCE.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new MajordomoException(
          "cannot write a "
              + (value == null ? "null" : value.getClass().getName())
              + " as JSON: "
              + e.getOriginalMessage(),
          e);
    }
  }

  // ---- paths ----

  /**
   * The path of field {@code name} of the object at {@code parent}: {@code $.a.b} or {@code $.a["x
   * y"]}.
   */
  static String fieldPath(String parent, String name) {
    return isSimpleName(name) ? parent + "." + name : parent + "[" + quote(name) + "]";
  }

  /** {@code [A-Za-z_$][A-Za-z0-9_$]*}, without a regex: it runs for every decoded field. */
  private static boolean isSimpleName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
      if (!letter && (i == 0 || c < '0' || c > '9')) {
        return false;
      }
    }
    return true;
  }

  /** The path of element {@code index} of the array at {@code parent}: {@code $.days[2]}. */
  static String indexPath(String parent, int index) {
    return parent + "[" + index + "]";
  }

  // ---- objects ----

  /**
   * Field {@code name} of the object found at {@code path}, decoded at its own path ({@code
   * path.name}). A JSON {@code null} is handed to {@code decoder}, which rejects it unless null is
   * a value of its type.
   *
   * @throws JsonDecodingException when {@code obj} is not an object or has no field {@code name}
   */
  public static <T> T requiredField(
      JsonNode obj, String path, String name, ElementDecoder<T> decoder) {
    String fieldPath = fieldPath(path, name);
    return decoder.decode(requiredValue(obj, path, name, fieldPath), fieldPath);
  }

  // Shortcuts for the commonest fields, so that generated code calls one method instead of
  // requiredField with a lambda: each is requiredField(obj, path, name, (n, p) -> list(n, p, d))
  // and so on, with the same errors.

  /** {@link #requiredField} of a list: {@link #list} of field {@code name}. */
  public static <T> List<T> requiredList(
      JsonNode obj, String path, String name, ElementDecoder<T> decoder) {
    String fieldPath = fieldPath(path, name);
    return list(requiredValue(obj, path, name, fieldPath), fieldPath, decoder);
  }

  /** {@link #requiredField} of a set: {@link #set} of field {@code name}. */
  public static <T> Set<T> requiredSet(
      JsonNode obj, String path, String name, ElementDecoder<T> decoder) {
    String fieldPath = fieldPath(path, name);
    return set(requiredValue(obj, path, name, fieldPath), fieldPath, decoder);
  }

  /** {@link #requiredField} of a map: {@link #map} of field {@code name}. */
  public static <T> Map<String, T> requiredMap(
      JsonNode obj, String path, String name, ElementDecoder<T> decoder) {
    String fieldPath = fieldPath(path, name);
    return map(requiredValue(obj, path, name, fieldPath), fieldPath, decoder);
  }

  /** {@link #requiredField} of an enum: {@link #enumValue} of field {@code name}. */
  public static <E extends Enum<E>> E requiredEnum(
      JsonNode obj, String path, String name, Class<E> type) {
    String fieldPath = fieldPath(path, name);
    return enumValue(requiredValue(obj, path, name, fieldPath), fieldPath, type);
  }

  /** {@link #requiredField} of a string: {@link #string} of field {@code name}. */
  public static String requiredString(JsonNode obj, String path, String name) {
    String fieldPath = fieldPath(path, name);
    return string(requiredValue(obj, path, name, fieldPath), fieldPath);
  }

  /** {@link #requiredField} of a list of strings: {@link #stringList} of field {@code name}. */
  public static List<String> requiredStringList(JsonNode obj, String path, String name) {
    String fieldPath = fieldPath(path, name);
    return stringList(requiredValue(obj, path, name, fieldPath), fieldPath);
  }

  /** {@link #requiredField} of an {@code int}: {@link #int32} of field {@code name}. */
  public static int requiredInt32(JsonNode obj, String path, String name) {
    String fieldPath = fieldPath(path, name);
    return int32(requiredValue(obj, path, name, fieldPath), fieldPath);
  }

  /** {@link #requiredField} of a {@code long}: {@link #int64} of field {@code name}. */
  public static long requiredInt64(JsonNode obj, String path, String name) {
    String fieldPath = fieldPath(path, name);
    return int64(requiredValue(obj, path, name, fieldPath), fieldPath);
  }

  /** {@link #requiredField} of a {@code double}: {@link #float64} of field {@code name}. */
  public static double requiredFloat64(JsonNode obj, String path, String name) {
    String fieldPath = fieldPath(path, name);
    return float64(requiredValue(obj, path, name, fieldPath), fieldPath);
  }

  /** {@link #requiredField} of a {@code boolean}: {@link #bool} of field {@code name}. */
  public static boolean requiredBool(JsonNode obj, String path, String name) {
    String fieldPath = fieldPath(path, name);
    return bool(requiredValue(obj, path, name, fieldPath), fieldPath);
  }

  /** {@link #optionalField} of a string: empty when absent or null, else {@link #string}. */
  public static Optional<String> optionalString(JsonNode obj, String path, String name) {
    JsonNode value = fieldOf(obj, path, name);
    return isNull(value) ? Optional.empty() : Optional.of(string(value, fieldPath(path, name)));
  }

  private static JsonNode requiredValue(JsonNode obj, String path, String name, String fieldPath) {
    JsonNode value = fieldOf(obj, path, name);
    if (value == null) {
      throw new JsonDecodingException(
          fieldPath, fieldPath + ": missing required field '" + name + "'");
    }
    return value;
  }

  /**
   * Field {@code name} of the object found at {@code path}, decoded at its own path ({@code
   * path.name}); empty when the field is absent or JSON {@code null}.
   *
   * @throws JsonDecodingException when {@code obj} is not an object
   */
  public static <T> Optional<T> optionalField(
      JsonNode obj, String path, String name, ElementDecoder<T> decoder) {
    JsonNode value = fieldOf(obj, path, name);
    return isNull(value)
        ? Optional.empty()
        : Optional.ofNullable(decoder.decode(value, fieldPath(path, name)));
  }

  private static JsonNode fieldOf(JsonNode obj, String path, String name) {
    if (obj == null || !obj.isObject()) {
      throw wrongType(path, "an object", obj);
    }
    return obj.get(name);
  }

  private static boolean isNull(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }

  /** Empty for an absent or {@code null} node, else the decoded value. */
  public static <T> Optional<T> optional(JsonNode node, String path, ElementDecoder<T> decoder) {
    return isNull(node) ? Optional.empty() : Optional.ofNullable(decoder.decode(node, path));
  }

  // ---- containers ----

  /** An unmodifiable list of the array's elements, each decoded at {@code path[i]}. */
  public static <T> List<T> list(JsonNode node, String path, ElementDecoder<T> decoder) {
    if (node == null || !node.isArray()) {
      throw wrongType(path, "an array", node);
    }
    List<T> out = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      out.add(decoder.decode(node.get(i), indexPath(path, i)));
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * An unmodifiable set (in array order) of the array's elements, each decoded at {@code path[i]}.
   */
  public static <T> Set<T> set(JsonNode node, String path, ElementDecoder<T> decoder) {
    return Collections.unmodifiableSet(new LinkedHashSet<>(list(node, path, decoder)));
  }

  /**
   * An unmodifiable map (in document order) of the object's fields, each decoded at its path; or of
   * an array of {@code {"key": ..., "value": ...}} entries, the form strict structured output uses
   * since it has no object with free field names.
   */
  public static <T> Map<String, T> map(JsonNode node, String path, ElementDecoder<T> decoder) {
    if (node != null && node.isArray()) {
      return entryMap(node, path, decoder);
    }
    if (node == null || !node.isObject()) {
      throw wrongType(path, "an object", node);
    }
    Map<String, T> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      out.put(e.getKey(), decoder.decode(e.getValue(), fieldPath(path, e.getKey())));
    }
    return Collections.unmodifiableMap(out);
  }

  private static <T> Map<String, T> entryMap(
      JsonNode node, String path, ElementDecoder<T> decoder) {
    Map<String, T> out = new LinkedHashMap<>();
    for (int i = 0; i < node.size(); i++) {
      String entryPath = indexPath(path, i);
      JsonNode entry = node.get(i);
      String key = requiredField(entry, entryPath, "key", Json::string);
      if (out.containsKey(key)) {
        throw duplicateKey(node, path, i, key);
      }
      out.put(key, requiredField(entry, entryPath, "value", decoder));
    }
    return Collections.unmodifiableMap(out);
  }

  /** A key seen twice: keeping either value would silently drop the other. */
  private static JsonDecodingException duplicateKey(
      JsonNode entries, String path, int index, String key) {
    int first = 0;
    while (!key.equals(entries.get(first).get("key").textValue())) {
      first++;
    }
    String keyPath = fieldPath(indexPath(path, index), "key");
    return new JsonDecodingException(
        keyPath,
        keyPath
            + ": duplicate key "
            + excerpt(quote(key))
            + " (already at "
            + indexPath(path, first)
            + ")");
  }

  // ---- strings, without a decoder ----
  // The most common containers, as plain non-generic methods: generated code that calls them
  // leaves javac no type inference and no method reference to resolve.

  /** {@link #list} of {@link #string}s. */
  public static List<String> stringList(JsonNode node, String path) {
    if (node == null || !node.isArray()) {
      throw wrongType(path, "an array", node);
    }
    List<String> out = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      out.add(string(node.get(i), indexPath(path, i)));
    }
    return Collections.unmodifiableList(out);
  }

  // ---- arrays of primitives, without boxing ----

  /** An {@code int[]} of the array's elements, each read as {@link #int32}. */
  public static int[] int32Array(JsonNode node, String path) {
    JsonNode array = array(node, path);
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = int32(array.get(i), indexPath(path, i));
    }
    return out;
  }

  /** A {@code long[]} of the array's elements, each read as {@link #int64}. */
  public static long[] int64Array(JsonNode node, String path) {
    JsonNode array = array(node, path);
    long[] out = new long[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = int64(array.get(i), indexPath(path, i));
    }
    return out;
  }

  /** A {@code double[]} of the array's elements, each read as {@link #float64}. */
  public static double[] float64Array(JsonNode node, String path) {
    JsonNode array = array(node, path);
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = float64(array.get(i), indexPath(path, i));
    }
    return out;
  }

  private static JsonNode array(JsonNode node, String path) {
    if (node == null || !node.isArray()) {
      throw wrongType(path, "an array", node);
    }
    return node;
  }

  // ---- scalars ----

  /** A JSON string. */
  public static String string(JsonNode node, String path) {
    if (node == null || !node.isTextual()) {
      throw wrongType(path, "a string", node);
    }
    return node.textValue();
  }

  /** A one-character string. */
  public static char character(JsonNode node, String path) {
    String s = string(node, path);
    if (s.length() != 1) {
      throw new JsonDecodingException(
          path, path + ": expected a one-character string but found " + describe(node));
    }
    return s.charAt(0);
  }

  /** A JSON {@code true} or {@code false}; not {@code "true"}, not {@code 1}. */
  public static boolean bool(JsonNode node, String path) {
    if (node == null || !node.isBoolean()) {
      throw wrongType(path, "a boolean", node);
    }
    return node.booleanValue();
  }

  /** An integer within {@code int} range. */
  public static int int32(JsonNode node, String path) {
    return integer(node, path, "int", Integer.MIN_VALUE, Integer.MAX_VALUE).intValue();
  }

  /** An integer within {@code long} range. */
  public static long int64(JsonNode node, String path) {
    return integer(node, path, "long", Long.MIN_VALUE, Long.MAX_VALUE).longValue();
  }

  /** An integer within {@code short} range. */
  public static short int16(JsonNode node, String path) {
    return integer(node, path, "short", Short.MIN_VALUE, Short.MAX_VALUE).shortValue();
  }

  /** An integer within {@code byte} range. */
  public static byte int8(JsonNode node, String path) {
    return integer(node, path, "byte", Byte.MIN_VALUE, Byte.MAX_VALUE).byteValue();
  }

  /** An integer of any size (up to 1000 digits). */
  public static BigInteger bigInteger(JsonNode node, String path) {
    return integral(
        node,
        path,
        "an integer",
        MAX_BIG_DIGITS,
        "an integer of at most " + MAX_BIG_DIGITS + " digits");
  }

  /** A number that fits a finite {@code double}. */
  public static double float64(JsonNode node, String path) {
    double d = number(node, path, "a number (double)").doubleValue();
    if (Double.isInfinite(d)) {
      throw outOfRange(path, node, "double");
    }
    return d;
  }

  /** A number that fits a finite {@code float}. */
  public static float float32(JsonNode node, String path) {
    float f = number(node, path, "a number (float)").floatValue();
    if (Float.isInfinite(f)) {
      throw outOfRange(path, node, "float");
    }
    return f;
  }

  /** A number, exactly as written. */
  public static BigDecimal bigDecimal(JsonNode node, String path) {
    return number(node, path, "a number");
  }

  /**
   * The enum constant the string names: its exact name, or failing that the one constant whose name
   * matches ignoring case.
   */
  public static <E extends Enum<E>> E enumValue(JsonNode node, String path, Class<E> type) {
    String name = string(node, path);
    E[] constants = type.getEnumConstants();
    for (E c : constants) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    E match = null;
    for (E c : constants) {
      if (c.name().equalsIgnoreCase(name)) {
        if (match != null) {
          match = null;
          break;
        }
        match = c;
      }
    }
    if (match != null) {
      return match;
    }
    List<String> names = new ArrayList<>();
    for (E c : constants) {
      names.add(c.name());
    }
    throw new JsonDecodingException(
        path,
        path
            + ": expected one of "
            + names
            + " ("
            + type.getSimpleName()
            + ") but found "
            + describe(node));
  }

  /** A UUID string. */
  public static UUID uuid(JsonNode node, String path) {
    return text(node, path, "a UUID", "123e4567-e89b-12d3-a456-426614174000", UUID::fromString);
  }

  // ---- java.time, all ISO-8601 ----

  /** An instant with a zone offset, e.g. {@code 2026-01-31T10:15:30Z}. */
  public static Instant instant(JsonNode node, String path) {
    return text(node, path, "an ISO-8601 instant", "2026-01-31T10:15:30Z", Instant::parse);
  }

  /** A date, e.g. {@code 2026-01-31}. */
  public static LocalDate localDate(JsonNode node, String path) {
    return text(node, path, "an ISO-8601 date", "2026-01-31", LocalDate::parse);
  }

  /**
   * A local time; an RFC 3339 time with an offset ({@code 10:15:30Z}), as JSON Schema's {@code
   * time} format describes it, is accepted and its offset dropped.
   */
  public static LocalTime localTime(JsonNode node, String path) {
    return text(node, path, "an ISO-8601 time", "10:15:30", Json::parseLocalTime);
  }

  /**
   * A local date-time; an RFC 3339 date-time with an offset ({@code 2026-01-31T10:15:30Z}), as JSON
   * Schema's {@code date-time} format describes it, is accepted and its offset dropped.
   */
  public static LocalDateTime localDateTime(JsonNode node, String path) {
    return text(
        node, path, "an ISO-8601 local date-time", "2026-01-31T10:15:30", Json::parseLocalDateTime);
  }

  private static LocalTime parseLocalTime(String text) {
    try {
      return LocalTime.parse(text);
    } catch (DateTimeParseException e) {
      try {
        return OffsetTime.parse(text).toLocalTime();
      } catch (DateTimeParseException ignored) {
        throw e;
      }
    }
  }

  private static LocalDateTime parseLocalDateTime(String text) {
    try {
      return LocalDateTime.parse(text);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(text).toLocalDateTime();
      } catch (DateTimeParseException ignored) {
        throw e;
      }
    }
  }

  /** A date-time with an offset, e.g. {@code 2026-01-31T10:15:30+01:00}. */
  public static OffsetDateTime offsetDateTime(JsonNode node, String path) {
    return text(
        node,
        path,
        "an ISO-8601 date-time with offset",
        "2026-01-31T10:15:30+01:00",
        OffsetDateTime::parse);
  }

  /** A date-time with an offset and optionally a zone id in brackets. */
  public static ZonedDateTime zonedDateTime(JsonNode node, String path) {
    return text(
        node,
        path,
        "an ISO-8601 zoned date-time",
        "2026-01-31T10:15:30+01:00[Europe/Paris]",
        ZonedDateTime::parse);
  }

  /** An ISO-8601 duration, e.g. {@code PT1H30M}. */
  public static Duration duration(JsonNode node, String path) {
    return text(node, path, "an ISO-8601 duration", "PT1H30M", Duration::parse);
  }

  /** An ISO-8601 period, e.g. {@code P1Y2M3D}. */
  public static Period period(JsonNode node, String path) {
    return text(node, path, "an ISO-8601 period", "P1Y2M3D", Period::parse);
  }

  /** A year and month, e.g. {@code 2026-01}. */
  public static YearMonth yearMonth(JsonNode node, String path) {
    return text(node, path, "an ISO-8601 year-month", "2026-01", YearMonth::parse);
  }

  /** A year as a string, e.g. {@code "2026"}. */
  public static Year year(JsonNode node, String path) {
    return text(node, path, "a year", "2026", Year::parse);
  }

  // ---- internals ----

  private static <T> T text(
      JsonNode node, String path, String expected, String example, Function<String, T> parser) {
    if (node == null || !node.isTextual()) {
      throw wrongType(path, expected + " string", node);
    }
    try {
      return parser.apply(node.textValue());
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw new JsonDecodingException(
          path,
          path + ": expected " + expected + " (e.g. " + example + ") but found " + describe(node),
          e);
    }
  }

  private static BigDecimal number(JsonNode node, String path, String expected) {
    if (node == null || !node.isNumber()) {
      throw wrongType(path, expected, node);
    }
    return node.decimalValue();
  }

  private static BigInteger integral(
      JsonNode node, String path, String expected, int maxDigits, String range) {
    if (node == null || !node.isNumber()) {
      throw wrongType(path, expected, node);
    }
    if (node.isIntegralNumber()) {
      BigInteger value = node.bigIntegerValue();
      if (value.abs().toString().length() > maxDigits) {
        throw outOfRange(path, node, range);
      }
      return value;
    }
    BigDecimal d = node.decimalValue().stripTrailingZeros();
    if (d.scale() > 0) {
      throw wrongType(path, expected, node);
    }
    // checked before expanding, so that 1e100000000 cannot cost a huge allocation; in long, since
    // with a scale near Integer.MIN_VALUE (1e2147483647) the difference overflows an int
    if ((long) d.precision() - d.scale() > maxDigits) {
      throw outOfRange(path, node, range);
    }
    return d.toBigIntegerExact();
  }

  private static BigInteger integer(JsonNode node, String path, String type, long min, long max) {
    String range = type + " (" + min + " to " + max + ")";
    BigInteger value = integral(node, path, "an integer (" + type + ")", 20, range);
    if (value.compareTo(BigInteger.valueOf(min)) < 0
        || value.compareTo(BigInteger.valueOf(max)) > 0) {
      throw outOfRange(path, node, range);
    }
    return value;
  }

  private static JsonDecodingException outOfRange(String path, JsonNode node, String type) {
    return new JsonDecodingException(
        path, path + ": " + excerpt(node.toString()) + " is out of range for " + type);
  }

  private static JsonDecodingException wrongType(String path, String expected, JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return new JsonDecodingException(path, path + ": missing value, expected " + expected);
    }
    return new JsonDecodingException(
        path, path + ": expected " + expected + " but found " + describe(node));
  }

  /** How a node is named in messages: {@code a string ("abc")}, {@code a number (42)}, … */
  static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    if (node.isNull()) {
      return "null";
    }
    if (node.isTextual()) {
      return "a string (" + excerpt(node.toString()) + ")";
    }
    if (node.isNumber()) {
      return "a number (" + excerpt(node.toString()) + ")";
    }
    if (node.isBoolean()) {
      return "a boolean (" + node.booleanValue() + ")";
    }
    if (node.isArray()) {
      return "an array";
    }
    if (node.isObject()) {
      return "an object";
    }
    return excerpt(node.toString());
  }

  private static String excerpt(String s) {
    return s.length() <= EXCERPT ? s : s.substring(0, EXCERPT) + "…";
  }

  private static String quote(String name) {
    try {
      return Mapper.INSTANCE.writeValueAsString(name);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectMapper newMapper() {
    SimpleModule module = new SimpleModule("majordomo");
    module.addSerializer(new OptionalSerializer());
    for (Class<?> type :
        List.of(
            Instant.class,
            LocalDate.class,
            LocalTime.class,
            LocalDateTime.class,
            OffsetDateTime.class,
            ZonedDateTime.class,
            Duration.class,
            Period.class,
            Year.class,
            YearMonth.class)) {
      module.addSerializer(type, ToStringSerializer.instance);
    }
    return JsonMapper.builder()
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        // a repeated field would otherwise keep its last value and hide the others
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .addModule(module)
        .build();
  }

  /** Writes an {@code Optional} as its value, or {@code null} when empty. */
  private static final class OptionalSerializer extends StdSerializer<Optional<?>> {
    private static final long serialVersionUID = 1L;

    OptionalSerializer() {
      super(Optional.class, false);
    }

    @Override
    public void serialize(Optional<?> value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      if (value.isPresent()) {
        provider.defaultSerializeValue(value.get(), gen);
      } else {
        gen.writeNull();
      }
    }
  }
}
