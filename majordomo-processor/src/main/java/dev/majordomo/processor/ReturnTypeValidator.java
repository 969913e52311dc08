package dev.majordomo.processor;

import dev.majordomo.processor.TypeAnalyzer.Unsupported;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Checks what an assistant method returns and builds its {@link ReturnModel}: text, a structured
 * value with its schema, either inside {@code Reply} and/or {@code CompletableFuture}, or a stream.
 */
final class ReturnTypeValidator {
  /** A schema name as the providers accept it: at most 64 of these characters. */
  private static final int MAX_SCHEMA_NAME_LENGTH = 64;

  private static final String FUTURE = CompletableFuture.class.getCanonicalName();
  private static final String STREAM = Stream.class.getCanonicalName();
  private static final String RESPONSE_STREAM = RuntimeNames.RESPONSE_STREAM.canonicalName();
  private static final String REPLY = RuntimeNames.REPLY.canonicalName();

  /** The wrappers that may only be outermost. */
  private static final Set<String> WRAPPERS = Set.of(FUTURE, STREAM, RESPONSE_STREAM, REPLY);

  private final Reporter reporter;
  private final TypeAnalyzer analyzer;

  ReturnTypeValidator(Reporter reporter, TypeAnalyzer analyzer) {
    this.reporter = reporter;
    this.analyzer = analyzer;
  }

  /**
   * What {@code method} returns, as {@code type} (its return type as a member of the assistant);
   * empty after reporting why it is not supported.
   */
  Optional<ReturnModel> validate(ExecutableElement method, TypeMirror type, String where) {
    try {
      return Optional.of(returns(method, type));
    } catch (Unsupported e) {
      if (e.diagnostic == Diagnostic.NOT_CONSTRUCTIBLE) {
        reporter.report(
            Diagnostic.NOT_CONSTRUCTIBLE,
            method,
            e.typeText,
            "the return type of " + where,
            e.getMessage());
      } else {
        reporter.report(Diagnostic.UNSUPPORTED_RETURN_TYPE, method, type, where, e.getMessage());
      }
      return Optional.empty();
    }
  }

  private ReturnModel returns(ExecutableElement method, TypeMirror type) throws Unsupported {
    if (TypeNames.isNamed(type, FUTURE)) {
      return replyOrValue(method, typeArgument(type, "CompletableFuture"), true);
    }
    if (TypeNames.isNamed(type, STREAM)) {
      if (!TypeNames.isString(typeArgument(type, "Stream"))) {
        throw unsupported(type.toString(), "a stream streams text: use Stream<String>");
      }
      return stream(ReturnModel.Kind.STREAM_TEXT);
    }
    if (TypeNames.isNamed(type, RESPONSE_STREAM)) {
      return stream(ReturnModel.Kind.STREAM_EVENTS);
    }
    return replyOrValue(method, type, false);
  }

  private static ReturnModel stream(ReturnModel.Kind kind) {
    return new ReturnModel(kind, false, false, null, null, null, null);
  }

  private ReturnModel replyOrValue(ExecutableElement method, TypeMirror type, boolean async)
      throws Unsupported {
    if (TypeNames.isNamed(type, REPLY)) {
      return value(method, typeArgument(type, "Reply"), true, async);
    }
    return value(method, type, false, async);
  }

  private ReturnModel value(ExecutableElement method, TypeMirror type, boolean reply, boolean async)
      throws Unsupported {
    if (type.getKind() == TypeKind.VOID) {
      throw unsupported("void", "an assistant method returns the model's answer; use String");
    }
    if (TypeNames.isString(type)) {
      return new ReturnModel(ReturnModel.Kind.TEXT, reply, async, type, null, null, null);
    }
    Optional<String> wrapper = TypeNames.qualifiedName(type).filter(WRAPPERS::contains);
    if (wrapper.isPresent()) {
      String name = wrapper.get();
      throw unsupported(
          type.toString(), name.substring(name.lastIndexOf('.') + 1) + " cannot be nested here");
    }
    Shape shape = analyzer.analyze(type, true);
    String schemaName =
        shape instanceof Shape.ObjectRef ref ? ref.key() : method.getSimpleName().toString();
    String json = new SchemaWriter(analyzer.objects(), SchemaWriter.Mode.STRICT).output(shape);
    return new ReturnModel(
        ReturnModel.Kind.STRUCTURED, reply, async, type, shape, schemaName(schemaName), json);
  }

  /** {@code name} with every character a provider refuses in a schema name replaced, shortened. */
  static String schemaName(String name) {
    String s = name.replaceAll("[^a-zA-Z0-9_-]", "_");
    return s.length() > MAX_SCHEMA_NAME_LENGTH ? s.substring(0, MAX_SCHEMA_NAME_LENGTH) : s;
  }

  private static TypeMirror typeArgument(TypeMirror type, String what) throws Unsupported {
    List<? extends TypeMirror> args = ((DeclaredType) type).getTypeArguments();
    if (args.isEmpty()) {
      throw unsupported(type.toString(), "raw " + what + "; give its type");
    }
    TypeMirror arg = args.get(0);
    if (arg.getKind() == TypeKind.WILDCARD) {
      throw unsupported(
          type.toString(), "wildcard types have no fixed JSON form; use a concrete type");
    }
    return arg;
  }

  private static Unsupported unsupported(String typeText, String reason) {
    return new Unsupported(Diagnostic.UNSUPPORTED_RETURN_TYPE, typeText, reason);
  }
}
