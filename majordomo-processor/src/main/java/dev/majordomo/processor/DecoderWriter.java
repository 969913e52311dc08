package dev.majordomo.processor;

import static dev.majordomo.processor.RuntimeNames.ELEMENT_DECODER;
import static dev.majordomo.processor.RuntimeNames.JSON;
import static dev.majordomo.processor.RuntimeNames.JSON_NODE;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;

/**
 * Writes the code that turns JSON into Java values through the runtime's {@code Json} helpers: one
 * expression per value, one {@code decodeX} method per record or POJO (so recursive types work),
 * and a small helper for maps. No reflection.
 */
final class DecoderWriter {
  private final ClassName generated;
  private final Map<String, Shape.ObjectDef> objects;
  private final NameAllocator classNames;
  private final Map<String, String> decodeMethods = new LinkedHashMap<>();
  private final Deque<String> pending = new ArrayDeque<>();
  private final Set<String> helpers = new LinkedHashSet<>();
  private String mapHelper;

  DecoderWriter(
      ClassName generated, Map<String, Shape.ObjectDef> objects, NameAllocator classNames) {
    this.generated = generated;
    this.objects = objects;
    this.classNames = classNames;
  }

  /**
   * An expression that decodes {@code node} (at JSON path {@code path}) into a value of {@code
   * shape}; {@code locals} holds every name in scope, so lambda parameters do not collide.
   */
  CodeBlock decode(Shape shape, CodeBlock node, CodeBlock path, NameAllocator locals) {
    if (shape instanceof Shape.Scalar s) {
      return call(reader(s.kind()), node, path);
    }
    if (shape instanceof Shape.Formatted f) {
      return call(f.kind().reader, node, path);
    }
    if (shape instanceof Shape.EnumType e) {
      TypeName type = TypeName.get(e.type());
      return CodeBlock.of("$T.<$T>enumValue($L, $L, $T.class)", JSON, type, node, path, type);
    }
    if (shape instanceof Shape.ObjectRef ref) {
      return CodeBlock.of("$N($L, $L)", decodeMethod(ref.key()), node, path);
    }
    if (shape instanceof Shape.Collection c) {
      CodeBlock list =
          isString(c.element())
              ? CodeBlock.of("$T.stringList($L, $L)", JSON, node, path)
              : generic("list", c.element(), node, path, locals);
      return switch (c.kind()) {
        case LIST -> list;
        case SET -> generic("set", c.element(), node, path, locals);
        case ARRAY -> array((ArrayType) c.type(), list);
      };
    }
    if (shape instanceof Shape.MapOf m) {
      return CodeBlock.of(
          "$T.<$T>$N($L, $L, $L)",
          generated,
          boxed(m.value()),
          mapHelper(),
          node,
          path,
          elementDecoder(m.value(), locals));
    }
    Shape.OptionalOf o = (Shape.OptionalOf) shape;
    return isString(o.value())
        ? CodeBlock.of("$T.optionalString($L, $L)", JSON, node, path)
        : generic("optional", o.value(), node, path, locals);
  }

  /**
   * {@code Json.<E>method(node, path, decoder)}. The explicit type argument is for javac's sake:
   * without it a generic call in an argument position is a poly expression, which javac attributes
   * speculatively once per enclosing overload candidate (and inference of nested calls multiplies);
   * with it the call is a standalone expression, typed once.
   */
  private CodeBlock generic(
      String method, Shape element, CodeBlock node, CodeBlock path, NameAllocator locals) {
    return CodeBlock.of(
        "$T.<$T>$N($L, $L, $L)",
        JSON,
        boxed(element),
        method,
        node,
        path,
        elementDecoder(element, locals));
  }

  private static boolean isString(Shape shape) {
    return shape instanceof Shape.Scalar s && s.kind() == Shape.ScalarKind.STRING;
  }

  private static TypeName boxed(Shape shape) {
    return TypeName.get(shape.type()).box();
  }

  /** The {@code Json} method that reads a scalar of {@code kind}. */
  private static String reader(Shape.ScalarKind kind) {
    return switch (kind) {
      case STRING -> "string";
      case BOOLEAN -> "bool";
      case INT -> "int32";
      case LONG -> "int64";
      case SHORT -> "int16";
      case BYTE -> "int8";
      case DOUBLE -> "float64";
      case FLOAT -> "float32";
      case CHAR -> "character";
      case BIG_INTEGER -> "bigInteger";
      case BIG_DECIMAL -> "bigDecimal";
    };
  }

  /**
   * An expression that reads property {@code name} of the object {@code node} and decodes it; an
   * Optional property may be missing or null.
   *
   * @param objectPath a String expression: the JSON path of the object
   * @param childPath a String expression: the JSON path of the property
   */
  CodeBlock property(
      Shape shape,
      String name,
      CodeBlock node,
      CodeBlock objectPath,
      CodeBlock childPath,
      NameAllocator locals) {
    boolean optional = shape instanceof Shape.OptionalOf;
    CodeBlock field =
        CodeBlock.of(
            "$T.field($L, $L, $L, $L)",
            JSON,
            node,
            AssistantWriter.string(name),
            objectPath,
            !optional);
    return decode(shape, field, childPath, locals);
  }

  /** A {@code Json.ElementDecoder} for {@code shape}: a method reference or a lambda. */
  private CodeBlock elementDecoder(Shape shape, NameAllocator locals) {
    if (shape instanceof Shape.Scalar s) {
      return CodeBlock.of("$T::$N", JSON, reader(s.kind()));
    } else if (shape instanceof Shape.Formatted f) {
      return CodeBlock.of("$T::$N", JSON, f.kind().reader);
    } else if (shape instanceof Shape.ObjectRef ref) {
      return CodeBlock.of("$T::$N", generated, decodeMethod(ref.key()));
    }
    NameAllocator inner = locals.clone();
    String item = inner.newName("item");
    String itemPath = inner.newName("itemPath");
    return CodeBlock.of(
        "($N, $N) -> $L",
        item,
        itemPath,
        decode(shape, CodeBlock.of("$N", item), CodeBlock.of("$N", itemPath), inner));
  }

  private CodeBlock array(ArrayType type, CodeBlock list) {
    TypeKind component = type.getComponentType().getKind();
    return switch (component) {
      case INT -> CodeBlock.of("$L.stream().mapToInt($T::intValue).toArray()", list, Integer.class);
      case LONG -> CodeBlock.of("$L.stream().mapToLong($T::longValue).toArray()", list, Long.class);
      case DOUBLE ->
          CodeBlock.of("$L.stream().mapToDouble($T::doubleValue).toArray()", list, Double.class);
      default -> CodeBlock.of("$L.toArray(new $T[0])", list, TypeName.get(type.getComponentType()));
    };
  }

  private static CodeBlock call(String method, CodeBlock node, CodeBlock path) {
    return CodeBlock.of("$T.$N($L, $L)", JSON, method, node, path);
  }

  private String decodeMethod(String key) {
    String name = decodeMethods.get(key);
    if (name == null) {
      name = classNames.newName("decode" + key);
      decodeMethods.put(key, name);
      pending.add(key);
    }
    return name;
  }

  private String mapHelper() {
    if (mapHelper == null) {
      mapHelper = classNames.newName("map");
      helpers.add("map");
    }
    return mapHelper;
  }

  /** Every method the expressions written so far need, including their own needs. */
  List<MethodSpec> methods() {
    List<MethodSpec> out = new ArrayList<>();
    while (!pending.isEmpty()) {
      out.add(objectDecoder(objects.get(pending.poll())));
    }
    if (helpers.contains("map")) {
      out.add(mapMethod());
    }
    return out;
  }

  private MethodSpec objectDecoder(Shape.ObjectDef def) {
    NameAllocator locals = new NameAllocator();
    String node = locals.newName("node");
    String path = locals.newName("path");
    CodeBlock.Builder args = CodeBlock.builder();
    List<Shape.Property> properties = def.properties();
    for (int i = 0; i < properties.size(); i++) {
      Shape.Property p = properties.get(i);
      args.add(
          "\n$L$L",
          property(
              p.shape(),
              p.name(),
              CodeBlock.of("$N", node),
              CodeBlock.of("$N", path),
              CodeBlock.of("$N + $L", path, AssistantWriter.string("." + p.name())),
              locals),
          i < properties.size() - 1 ? "," : "");
    }
    TypeName type = TypeName.get(def.type());
    return MethodSpec.methodBuilder(decodeMethods.get(def.key()))
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(type)
        .addParameter(JSON_NODE, node)
        .addParameter(String.class, path)
        .addException(Exception.class)
        .addStatement("return new $T($L)", type, args.build())
        .build();
  }

  private MethodSpec mapMethod() {
    TypeVariableName v = TypeVariableName.get("V");
    TypeName map =
        ParameterizedTypeName.get(ClassName.get(Map.class), ClassName.get(String.class), v);
    return MethodSpec.methodBuilder(mapHelper)
        .addJavadoc(
            "A map from a JSON object, or from an array of {@code {\"key\": ..., \"value\": ...}}"
                + " entries\n(the form strict structured output uses).\n")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addTypeVariable(v)
        .returns(map)
        .addParameter(JSON_NODE, "node")
        .addParameter(String.class, "path")
        .addParameter(ParameterizedTypeName.get(ELEMENT_DECODER, v), "values")
        .addException(Exception.class)
        .beginControlFlow("if (node == null || !node.isArray())")
        .addStatement("return $T.map(node, path, values)", JSON)
        .endControlFlow()
        .addStatement("$T map = new $T<>()", map, LinkedHashMap.class)
        .beginControlFlow("for (int i = 0; i < node.size(); i++)")
        .addStatement("$T entryPath = $T.indexPath(path, i)", String.class, JSON)
        .addStatement("$T entry = node.get(i)", JSON_NODE)
        .addStatement(
            "map.put(\n$T.string($T.field(entry, \"key\", entryPath, true), entryPath +"
                + " \".key\"),\nvalues.decode($T.field(entry, \"value\", entryPath, true),"
                + " entryPath + \".value\"))",
            JSON,
            JSON,
            JSON)
        .endControlFlow()
        .addStatement("return $T.unmodifiableMap(map)", java.util.Collections.class)
        .build();
  }
}
