package dev.majordomo.processor;

import static dev.majordomo.processor.RuntimeNames.JSON;
import static dev.majordomo.processor.RuntimeNames.JSON_NODE;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.TypeName;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.ArrayType;

/**
 * Writes the code that turns JSON into Java values through the runtime's {@code Json} helpers: one
 * expression per value, and one {@code decodeX} method per record or POJO (so recursive types
 * work). No reflection.
 */
final class DecoderWriter {
  private final ClassName generated;
  private final Map<String, Shape.ObjectDef> objects;
  private final NameAllocator classNames;
  private final Map<String, String> decodeMethods = new LinkedHashMap<>();
  private final Deque<String> pending = new ArrayDeque<>();

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
      return CodeBlock.of("$T.<$T>enumValue($L, $L,$W$T.class)", JSON, type, node, path, type);
    }
    if (shape instanceof Shape.ObjectRef ref) {
      return CodeBlock.of("$N($L, $L)", decodeMethod(ref.key()), node, path);
    }
    String arrayReader = primitiveArrayReader(shape);
    if (arrayReader != null) {
      return call(arrayReader, node, path);
    }
    if (shape instanceof Shape.Collection c) {
      CodeBlock list =
          isString(c.element())
              ? call("stringList", node, path)
              : generic("list", c.element(), node, path, locals);
      return switch (c.kind()) {
        case LIST -> list;
        case SET -> generic("set", c.element(), node, path, locals);
        case ARRAY -> array((ArrayType) c.type(), list);
      };
    }
    if (shape instanceof Shape.MapOf m) {
      return generic("map", m.value(), node, path, locals);
    }
    Shape.OptionalOf o = (Shape.OptionalOf) shape;
    return generic("optional", o.value(), node, path, locals);
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
        "$T.<$T>$N($L, $L,$W$L)",
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
   * An expression that reads property {@code name} of the object {@code node}, found at {@code
   * path}, and decodes it: {@code Json.requiredField(node, path, "name", decoder)}, or {@code
   * optionalField} for an Optional property, which may be missing or null.
   */
  CodeBlock property(
      Shape shape, String name, CodeBlock node, CodeBlock path, NameAllocator locals) {
    boolean optional = shape instanceof Shape.OptionalOf;
    Shape value = optional ? ((Shape.OptionalOf) shape).value() : shape;
    String scalar = scalarShortcut(value, optional);
    if (scalar != null) {
      return CodeBlock.of("$T.$N($L, $L, $L)", JSON, scalar, node, path, StringLiterals.of(name));
    }
    if (!optional) {
      CodeBlock shortcut = requiredShortcut(value, name, node, path, locals);
      if (shortcut != null) {
        return shortcut;
      }
    }
    return CodeBlock.of(
        "$T.<$T>$N($L, $L, $L,$W$L)",
        JSON,
        boxed(value),
        optional ? "optionalField" : "requiredField",
        node,
        path,
        StringLiterals.of(name),
        elementDecoder(value, locals));
  }

  /**
   * The {@code Json} method that reads a property of the commonest types (the scalars below and
   * {@code List<String>}) in one call, with neither a type argument nor a method reference, or
   * null. Only for {@code String} and the primitives: the shortcut returns the primitive, and a
   * boxed component must keep the boxed value (a constructor overloaded on both would otherwise
   * change).
   */
  private static String scalarShortcut(Shape value, boolean optional) {
    if (!optional
        && value instanceof Shape.Collection c
        && c.kind() == Shape.CollectionKind.LIST
        && isString(c.element())) {
      return "requiredStringList";
    }
    if (!(value instanceof Shape.Scalar s)) {
      return null;
    }
    if (s.kind() == Shape.ScalarKind.STRING) {
      return optional ? "optionalString" : "requiredString";
    }
    if (optional || !s.type().getKind().isPrimitive()) {
      return null;
    }
    return switch (s.kind()) {
      case INT -> "requiredInt32";
      case LONG -> "requiredInt64";
      case DOUBLE -> "requiredFloat64";
      case BOOLEAN -> "requiredBool";
      default -> null;
    };
  }

  /**
   * {@code Json.requiredList}, {@code requiredSet}, {@code requiredMap} or {@code requiredEnum} for
   * a required property of such a shape, else null: one call where {@code requiredField} would take
   * a lambda, which javac attributes, lowers to a method and bootstraps, once per property.
   */
  private CodeBlock requiredShortcut(
      Shape value, String name, CodeBlock node, CodeBlock path, NameAllocator locals) {
    if (value instanceof Shape.EnumType e) {
      TypeName type = TypeName.get(e.type());
      return CodeBlock.of(
          "$T.<$T>requiredEnum($L, $L, $L,$W$T.class)",
          JSON,
          type,
          node,
          path,
          StringLiterals.of(name),
          type);
    }
    String method;
    Shape element;
    if (value instanceof Shape.Collection c && c.kind() != Shape.CollectionKind.ARRAY) {
      method = c.kind() == Shape.CollectionKind.LIST ? "requiredList" : "requiredSet";
      element = c.element();
    } else if (value instanceof Shape.MapOf m) {
      method = "requiredMap";
      element = m.value();
    } else {
      return null;
    }
    return CodeBlock.of(
        "$T.<$T>$N($L, $L, $L,$W$L)",
        JSON,
        boxed(element),
        method,
        node,
        path,
        StringLiterals.of(name),
        elementDecoder(element, locals));
  }

  /** A {@code Json.ElementDecoder} for {@code shape}: a method reference or a lambda. */
  CodeBlock elementDecoder(Shape shape, NameAllocator locals) {
    if (shape instanceof Shape.Scalar s) {
      return CodeBlock.of("$T::$N", JSON, reader(s.kind()));
    } else if (shape instanceof Shape.Formatted f) {
      return CodeBlock.of("$T::$N", JSON, f.kind().reader);
    } else if (shape instanceof Shape.ObjectRef ref) {
      return CodeBlock.of("$T::$N", generated, decodeMethod(ref.key()));
    } else if (shape instanceof Shape.Collection c
        && c.kind() == Shape.CollectionKind.LIST
        && isString(c.element())) {
      return CodeBlock.of("$T::stringList", JSON);
    } else if (primitiveArrayReader(shape) != null) {
      return CodeBlock.of("$T::$N", JSON, primitiveArrayReader(shape));
    }
    NameAllocator inner = locals.clone();
    String item = inner.newName("item");
    String itemPath = inner.newName("itemPath");
    return CodeBlock.of(
        "($N, $N) ->$W$L",
        item,
        itemPath,
        decode(shape, CodeBlock.of("$N", item), CodeBlock.of("$N", itemPath), inner));
  }

  private static CodeBlock array(ArrayType type, CodeBlock list) {
    return CodeBlock.of("$L$W.toArray(new $T[0])", list, TypeName.get(type.getComponentType()));
  }

  /** The {@code Json} method that reads an array of {@code type}'s primitives, if it has one. */
  private static String primitiveArrayReader(Shape shape) {
    if (!(shape instanceof Shape.Collection c) || c.kind() != Shape.CollectionKind.ARRAY) {
      return null;
    }
    return switch (((ArrayType) c.type()).getComponentType().getKind()) {
      case INT -> "int32Array";
      case LONG -> "int64Array";
      case DOUBLE -> "float64Array";
      default -> null;
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

  /** Every method the expressions written so far need, including their own needs. */
  List<MethodSpec> methods() {
    List<MethodSpec> out = new ArrayList<>();
    while (!pending.isEmpty()) {
      out.add(objectDecoder(objects.get(pending.poll())));
    }
    return out;
  }

  private MethodSpec objectDecoder(Shape.ObjectDef def) {
    NameAllocator locals = new NameAllocator();
    String node = locals.newName("node");
    String path = locals.newName("path");
    List<CodeBlock> args = new ArrayList<>();
    for (Shape.Property p : def.properties()) {
      args.add(
          property(
              p.shape(), p.name(), CodeBlock.of("$N", node), CodeBlock.of("$N", path), locals));
    }
    TypeName type = TypeName.get(def.type());
    CodeBlock construction =
        args.isEmpty()
            ? CodeBlock.of("new $T()", type)
            : CodeBlock.of("new $T(\n$L)", type, CodeBlock.join(args, ",\n"));
    return MethodSpec.methodBuilder(decodeMethods.get(def.key()))
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(type)
        .addParameter(JSON_NODE, node)
        .addParameter(String.class, path)
        .addStatement("return $L", construction)
        .build();
  }
}
