package dev.majordomo.processor;

import java.util.List;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;

/**
 * The JSON form of a Java type, as the processor understands it at compile time. Objects are
 * referenced by key so that recursive types stay finite; their definitions live in {@link
 * TypeAnalyzer#objects()}.
 */
sealed interface Shape {

  /** The Java type this shape decodes to. */
  TypeMirror type();

  enum ScalarKind {
    STRING("string"),
    BOOLEAN("boolean"),
    INT("integer"),
    LONG("integer"),
    SHORT("integer"),
    BYTE("integer"),
    DOUBLE("number"),
    FLOAT("number"),
    CHAR("string"),
    BIG_INTEGER("integer"),
    BIG_DECIMAL("number");

    final String jsonType;

    ScalarKind(String jsonType) {
      this.jsonType = jsonType;
    }
  }

  /** Strings with a JSON Schema {@code format}, read by the {@code Json} method {@code reader}. */
  enum FormatKind {
    INSTANT("date-time", "instant"),
    OFFSET_DATE_TIME("date-time", "offsetDateTime"),
    ZONED_DATE_TIME("date-time", "zonedDateTime"),
    LOCAL_DATE_TIME("date-time", "localDateTime"),
    LOCAL_DATE("date", "localDate"),
    LOCAL_TIME("time", "localTime"),
    DURATION("duration", "duration"),
    PERIOD("duration", "period"),
    UUID("uuid", "uuid");

    final String format;
    final String reader;

    FormatKind(String format, String reader) {
      this.format = format;
      this.reader = reader;
    }
  }

  enum CollectionKind {
    LIST,
    SET,
    ARRAY
  }

  record Scalar(TypeMirror type, ScalarKind kind) implements Shape {}

  record Formatted(TypeMirror type, FormatKind kind) implements Shape {}

  record EnumType(
      TypeMirror type, TypeElement element, List<Constant> constants, String description)
      implements Shape {
    public EnumType {
      constants = List.copyOf(constants);
    }
  }

  /** An enum constant and its description (null when it has none). */
  record Constant(String name, String description) {}

  /** A record or POJO, defined in {@link TypeAnalyzer#objects()} under {@code key}. */
  record ObjectRef(TypeMirror type, String key) implements Shape {}

  record Collection(TypeMirror type, CollectionKind kind, Shape element) implements Shape {}

  /** {@code Map<String, V>}. */
  record MapOf(TypeMirror type, Shape value) implements Shape {}

  record OptionalOf(TypeMirror type, Shape value) implements Shape {}

  /** A record or a class built through its all-args constructor. */
  record ObjectDef(
      String key,
      TypeElement element,
      TypeMirror type,
      List<Property> properties,
      String description) {
    public ObjectDef {
      properties = List.copyOf(properties);
    }
  }

  /** A property of an object, in constructor order; {@code description} may be null. */
  record Property(String name, Shape shape, String description) {
    boolean optional() {
      return shape instanceof OptionalOf;
    }
  }
}
