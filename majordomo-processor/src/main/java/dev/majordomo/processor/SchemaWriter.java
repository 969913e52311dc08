package dev.majordomo.processor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes JSON Schemas for shapes. {@link Mode#STRICT} (structured output) closes every object,
 * requires every property and makes optional ones nullable, and represents maps as arrays of
 * entries; {@link Mode#TOOL} (tool arguments) leaves optional properties out of {@code required}
 * and represents maps as objects. Recursive types are written once under {@code $defs} and
 * referenced with {@code $ref} ({@code "#"} for the root object itself).
 */
final class SchemaWriter {

  enum Mode {
    STRICT,
    TOOL
  }

  /** A named, possibly described, top-level property: a tool parameter. */
  record Field(String name, Shape shape, String description) {}

  private final Map<String, Shape.ObjectDef> objects;
  private final Mode mode;
  private final Set<String> recursive;
  private Map<String, Object> defs;
  private String rootKey;

  SchemaWriter(Map<String, Shape.ObjectDef> objects, Mode mode) {
    this.objects = objects;
    this.mode = mode;
    this.recursive = recursiveKeys(objects);
  }

  /** Whether {@code shape} is an object, so that the output schema is not wrapped. */
  static boolean isObject(Shape shape) {
    return shape instanceof Shape.ObjectRef;
  }

  /** The structured-output schema; a non-object root is wrapped as {@code {"value": ...}}. */
  String output(Shape root) {
    defs = new LinkedHashMap<>();
    Map<String, Object> schema;
    if (root instanceof Shape.ObjectRef ref) {
      rootKey = ref.key();
      schema = objectSchema(objects.get(ref.key()));
    } else {
      rootKey = null;
      schema = closedObject(List.of(new Field("value", root, null)));
    }
    return finish(schema);
  }

  /** The schema of a tool's arguments: one property per parameter. */
  String arguments(List<Field> fields) {
    defs = new LinkedHashMap<>();
    rootKey = null;
    return finish(closedObject(fields));
  }

  private String finish(Map<String, Object> schema) {
    if (!defs.isEmpty()) {
      schema.put("$defs", defs);
    }
    return JsonText.write(schema);
  }

  private Map<String, Object> closedObject(List<Field> fields) {
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (Field f : fields) {
      properties.put(f.name(), describe(node(f.shape()), f.description()));
      if (mode == Mode.STRICT || !(f.shape() instanceof Shape.OptionalOf)) {
        required.add(f.name());
      }
    }
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", properties);
    schema.put("required", required);
    schema.put("additionalProperties", false);
    return schema;
  }

  private Map<String, Object> objectSchema(Shape.ObjectDef def) {
    List<Field> fields = new ArrayList<>();
    for (Shape.Property p : def.properties()) {
      fields.add(new Field(p.name(), p.shape(), p.description()));
    }
    Map<String, Object> schema = closedObject(fields);
    return describe(schema, def.description());
  }

  private Map<String, Object> node(Shape shape) {
    Map<String, Object> s = new LinkedHashMap<>();
    if (shape instanceof Shape.Scalar scalar) {
      s.put("type", scalar.kind().jsonType);
    } else if (shape instanceof Shape.Formatted f) {
      s.put("type", "string");
      s.put("format", f.kind().format);
    } else if (shape instanceof Shape.EnumType e) {
      s.put("type", "string");
      s.put("enum", e.constants().stream().map(Shape.Constant::name).toList());
      s = describe(s, enumDescription(e));
    } else if (shape instanceof Shape.ObjectRef ref) {
      return reference(ref.key());
    } else if (shape instanceof Shape.Collection c) {
      s.put("type", "array");
      s.put("items", node(c.element()));
    } else if (shape instanceof Shape.MapOf m) {
      if (mode == Mode.TOOL) {
        s.put("type", "object");
        s.put("additionalProperties", node(m.value()));
      } else {
        Map<String, Object> entry =
            closedObject(
                List.of(
                    new Field("key", stringShape(m), null), new Field("value", m.value(), null)));
        s.put("type", "array");
        s.put("items", entry);
      }
    } else if (shape instanceof Shape.OptionalOf o) {
      Map<String, Object> inner = node(o.value());
      return mode == Mode.STRICT ? nullable(inner) : inner;
    }
    return s;
  }

  private static Shape stringShape(Shape.MapOf map) {
    return new Shape.Scalar(map.type(), Shape.ScalarKind.STRING);
  }

  private Map<String, Object> reference(String key) {
    Map<String, Object> s = new LinkedHashMap<>();
    if (key.equals(rootKey)) {
      s.put("$ref", "#");
    } else if (recursive.contains(key)) {
      if (!defs.containsKey(key)) {
        defs.put(key, Map.of());
        defs.put(key, objectSchema(objects.get(key)));
      }
      s.put("$ref", "#/$defs/" + key);
    } else {
      return objectSchema(objects.get(key));
    }
    return s;
  }

  private static Map<String, Object> nullable(Map<String, Object> schema) {
    Object type = schema.get("type");
    if (type instanceof String t && !t.equals("object") && !schema.containsKey("enum")) {
      Map<String, Object> copy = new LinkedHashMap<>(schema);
      copy.put("type", List.of(t, "null"));
      return copy;
    }
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("anyOf", List.of(schema, Map.of("type", "null")));
    return s;
  }

  private static Map<String, Object> describe(Map<String, Object> schema, String description) {
    if (description == null || schema.containsKey("$ref")) {
      return schema;
    }
    Map<String, Object> s = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : schema.entrySet()) {
      if (e.getKey().equals("description")) {
        continue;
      }
      s.put(e.getKey(), e.getValue());
      if (e.getKey().equals("type") || e.getKey().equals("anyOf")) {
        s.put("description", description);
      }
    }
    s.putIfAbsent("description", description);
    return s;
  }

  private static String enumDescription(Shape.EnumType e) {
    List<String> described = new ArrayList<>();
    for (Shape.Constant c : e.constants()) {
      if (c.description() != null) {
        described.add(c.name() + ": " + c.description());
      }
    }
    if (described.isEmpty()) {
      return e.description();
    }
    String values = "Values: " + String.join("; ", described) + ".";
    return e.description() == null ? values : e.description() + " " + values;
  }

  /** Keys of the objects that can reach themselves through their properties. */
  private static Set<String> recursiveKeys(Map<String, Shape.ObjectDef> objects) {
    Set<String> out = new HashSet<>();
    for (String key : objects.keySet()) {
      if (reaches(objects, key, key, new HashSet<>())) {
        out.add(key);
      }
    }
    return out;
  }

  private static boolean reaches(
      Map<String, Shape.ObjectDef> objects, String from, String target, Set<String> seen) {
    Shape.ObjectDef def = objects.get(from);
    if (def == null || !seen.add(from)) {
      return false;
    }
    for (Shape.Property p : def.properties()) {
      for (String next : referenced(p.shape())) {
        if (next.equals(target) || reaches(objects, next, target, seen)) {
          return true;
        }
      }
    }
    return false;
  }

  private static List<String> referenced(Shape shape) {
    if (shape instanceof Shape.ObjectRef ref) {
      return List.of(ref.key());
    } else if (shape instanceof Shape.Collection c) {
      return referenced(c.element());
    } else if (shape instanceof Shape.MapOf m) {
      return referenced(m.value());
    } else if (shape instanceof Shape.OptionalOf o) {
      return referenced(o.value());
    }
    return List.of();
  }
}
