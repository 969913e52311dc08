package dev.majordomo.processor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Maps Java types to their JSON {@link Shape}: scalars, {@code java.time} values, enums, records
 * and all-args classes, collections, {@code Map<String, V>} and {@code Optional}. Everything else
 * fails with an {@link Unsupported} that says why.
 */
final class TypeAnalyzer {

  /** Why a type has no JSON form; {@code diagnostic} says which catalog message fits. */
  static final class Unsupported extends Exception {
    private static final long serialVersionUID = 1L;
    final Diagnostic diagnostic;
    final String typeText;
    final boolean located;

    Unsupported(Diagnostic diagnostic, String typeText, String reason) {
      this(diagnostic, typeText, reason, false);
    }

    private Unsupported(Diagnostic diagnostic, String typeText, String reason, boolean located) {
      super(reason, null, false, false);
      this.diagnostic = diagnostic;
      this.typeText = typeText;
      this.located = located;
    }
  }

  private static final Map<String, Shape.ScalarKind> SCALARS =
      Map.ofEntries(
          Map.entry("java.lang.String", Shape.ScalarKind.STRING),
          Map.entry("java.lang.Boolean", Shape.ScalarKind.BOOLEAN),
          Map.entry("java.lang.Integer", Shape.ScalarKind.INT),
          Map.entry("java.lang.Long", Shape.ScalarKind.LONG),
          Map.entry("java.lang.Short", Shape.ScalarKind.SHORT),
          Map.entry("java.lang.Byte", Shape.ScalarKind.BYTE),
          Map.entry("java.lang.Double", Shape.ScalarKind.DOUBLE),
          Map.entry("java.lang.Float", Shape.ScalarKind.FLOAT),
          Map.entry("java.lang.Character", Shape.ScalarKind.CHAR),
          Map.entry("java.math.BigInteger", Shape.ScalarKind.BIG_INTEGER),
          Map.entry("java.math.BigDecimal", Shape.ScalarKind.BIG_DECIMAL));

  private static final Map<String, Shape.FormatKind> FORMATTED =
      Map.of(
          "java.time.Instant", Shape.FormatKind.INSTANT,
          "java.time.OffsetDateTime", Shape.FormatKind.OFFSET_DATE_TIME,
          "java.time.ZonedDateTime", Shape.FormatKind.ZONED_DATE_TIME,
          "java.time.LocalDateTime", Shape.FormatKind.LOCAL_DATE_TIME,
          "java.time.LocalDate", Shape.FormatKind.LOCAL_DATE,
          "java.time.LocalTime", Shape.FormatKind.LOCAL_TIME,
          "java.time.Duration", Shape.FormatKind.DURATION,
          "java.time.Period", Shape.FormatKind.PERIOD,
          "java.util.UUID", Shape.FormatKind.UUID);

  private final Elements elements;
  private final Types types;
  private final Annotations annotations;
  private final Javadoc javadoc;
  private final String packageName;
  private final Map<String, Shape.ObjectDef> objects = new LinkedHashMap<>();
  private final Set<String> inProgress = new HashSet<>();
  private final Map<String, String> keysByType = new HashMap<>();

  TypeAnalyzer(Elements elements, Types types, String packageName) {
    this.elements = elements;
    this.types = types;
    this.annotations = new Annotations(elements);
    this.javadoc = new Javadoc(elements);
    this.packageName = packageName;
  }

  /** Every object type analysed so far, by key. */
  Map<String, Shape.ObjectDef> objects() {
    return objects;
  }

  /**
   * The shape of {@code type}. {@code Optional} is allowed only where {@code optionalAllowed} (a
   * return type, a parameter, a property), not inside collections.
   */
  Shape analyze(TypeMirror type, boolean optionalAllowed) throws Unsupported {
    String text = type.toString();
    switch (type.getKind()) {
      case BOOLEAN:
        return new Shape.Scalar(type, Shape.ScalarKind.BOOLEAN);
      case INT:
        return new Shape.Scalar(type, Shape.ScalarKind.INT);
      case LONG:
        return new Shape.Scalar(type, Shape.ScalarKind.LONG);
      case SHORT:
        return new Shape.Scalar(type, Shape.ScalarKind.SHORT);
      case BYTE:
        return new Shape.Scalar(type, Shape.ScalarKind.BYTE);
      case DOUBLE:
        return new Shape.Scalar(type, Shape.ScalarKind.DOUBLE);
      case FLOAT:
        return new Shape.Scalar(type, Shape.ScalarKind.FLOAT);
      case CHAR:
        return new Shape.Scalar(type, Shape.ScalarKind.CHAR);
      case VOID:
        throw unsupported(text, "void has no value");
      case ARRAY:
        return array((ArrayType) type);
      case DECLARED:
        return declared((DeclaredType) type, optionalAllowed);
      case TYPEVAR:
        throw unsupported(text, "a type variable has no fixed JSON form");
      case WILDCARD:
        throw unsupported(text, "wildcard types have no fixed JSON form; use a concrete type");
      default:
        throw unsupported(text, "it has no JSON form");
    }
  }

  private Shape array(ArrayType type) throws Unsupported {
    TypeMirror component = type.getComponentType();
    TypeKind kind = component.getKind();
    if (kind.isPrimitive()
        && kind != TypeKind.INT
        && kind != TypeKind.LONG
        && kind != TypeKind.DOUBLE) {
      throw unsupported(
          type.toString(),
          "arrays of " + kind.name().toLowerCase(Locale.ROOT) + " are not supported; use a List");
    }
    if (kind == TypeKind.DECLARED && !((DeclaredType) component).getTypeArguments().isEmpty()) {
      throw unsupported(type.toString(), "arrays of generic types are not supported; use a List");
    }
    if (kind == TypeKind.ARRAY) {
      throw unsupported(type.toString(), "nested arrays are not supported; use List<List<T>>");
    }
    return new Shape.Collection(type, Shape.CollectionKind.ARRAY, analyze(component, false));
  }

  private Shape declared(DeclaredType type, boolean optionalAllowed) throws Unsupported {
    TypeElement element = (TypeElement) type.asElement();
    String name = element.getQualifiedName().toString();
    String text = type.toString();
    Shape.ScalarKind scalar = SCALARS.get(name);
    if (scalar != null) {
      return new Shape.Scalar(type, scalar);
    }
    Shape.FormatKind format = FORMATTED.get(name);
    if (format != null) {
      return new Shape.Formatted(type, format);
    }
    List<? extends TypeMirror> args = type.getTypeArguments();
    if (!element.getTypeParameters().isEmpty() && args.isEmpty()) {
      throw unsupported(text, "it is a raw type; give its type arguments");
    }
    switch (name) {
      case "java.util.List":
      case "java.util.Set":
        {
          Shape.CollectionKind kind =
              name.endsWith("List") ? Shape.CollectionKind.LIST : Shape.CollectionKind.SET;
          return new Shape.Collection(type, kind, analyze(concrete(args.get(0), text), false));
        }
      case "java.util.Map":
        {
          TypeMirror key = concrete(args.get(0), text);
          if (!TypeNames.isString(key)) {
            throw unsupported(text, "map keys must be String (JSON object keys are strings)");
          }
          return new Shape.MapOf(type, analyze(concrete(args.get(1), text), false));
        }
      case "java.util.Optional":
        if (!optionalAllowed) {
          throw unsupported(
              text,
              "Optional is supported as a return type, a parameter or a property, not inside"
                  + " a collection or another Optional");
        }
        return new Shape.OptionalOf(type, analyze(concrete(args.get(0), text), false));
      case "java.lang.Object":
        throw unsupported(text, "Object has no JSON schema; use a concrete type");
      default:
        break;
    }
    if (name.startsWith("java.") || name.startsWith("javax.")) {
      throw unsupported(text, "this JDK type has no JSON form in Majordomo");
    }
    if (name.equals(RuntimeNames.IMAGE.canonicalName())) {
      throw unsupported(text, "an image is not a JSON value");
    }
    if (!args.isEmpty()) {
      throw unsupported(
          text, "generic types other than List, Set, Map and Optional are not supported");
    }
    Optional<String> inaccessible = inaccessibility(element);
    if (inaccessible.isPresent()) {
      throw unsupported(text, inaccessible.get());
    }
    if (element.getKind() == ElementKind.ENUM) {
      return enumShape(type, element);
    }
    return object(type, element);
  }

  private TypeMirror concrete(TypeMirror arg, String outer) throws Unsupported {
    if (arg.getKind() == TypeKind.WILDCARD) {
      throw unsupported(outer, "wildcard types have no fixed JSON form; use a concrete type");
    }
    return arg;
  }

  private Shape enumShape(DeclaredType type, TypeElement element) {
    List<Shape.Constant> constants = new ArrayList<>();
    for (Element e : element.getEnclosedElements()) {
      if (e.getKind() == ElementKind.ENUM_CONSTANT) {
        constants.add(new Shape.Constant(e.getSimpleName().toString(), describe(e).orElse(null)));
      }
    }
    return new Shape.EnumType(type, element, constants, describe(element).orElse(null));
  }

  private Shape object(DeclaredType type, TypeElement element) throws Unsupported {
    String qualified = element.getQualifiedName().toString();
    String key = keysByType.get(qualified);
    if (key != null && (objects.containsKey(key) || inProgress.contains(key))) {
      return new Shape.ObjectRef(type, key);
    }
    key = uniqueKey(element);
    keysByType.put(qualified, key);
    inProgress.add(key);
    try {
      List<Shape.Property> properties =
          element.getKind() == ElementKind.RECORD
              ? recordProperties(element)
              : classProperties(type, element);
      objects.put(
          key, new Shape.ObjectDef(key, element, type, properties, describe(element).orElse(null)));
      return new Shape.ObjectRef(type, key);
    } catch (Unsupported e) {
      keysByType.remove(qualified);
      throw e;
    } finally {
      inProgress.remove(key);
    }
  }

  private String uniqueKey(TypeElement element) {
    String base = element.getSimpleName().toString();
    String key = base;
    for (int i = 2; keysByType.containsValue(key); i++) {
      key = base + i;
    }
    return key;
  }

  private List<Shape.Property> recordProperties(TypeElement element) throws Unsupported {
    String text = element.getQualifiedName().toString();
    List<? extends RecordComponentElement> components = element.getRecordComponents();
    ExecutableElement canonical = null;
    for (ExecutableElement c : ElementFilter.constructorsIn(element.getEnclosedElements())) {
      if (c.getParameters().size() == components.size() && sameTypes(c, components)) {
        canonical = c;
      }
    }
    if (canonical == null || !accessible(canonical)) {
      throw new Unsupported(
          Diagnostic.NOT_CONSTRUCTIBLE, text, "its canonical constructor is not accessible");
    }
    List<Shape.Property> out = new ArrayList<>();
    for (RecordComponentElement c : components) {
      String name = c.getSimpleName().toString();
      Shape shape = property(c.asType(), text + "." + name);
      Optional<String> description =
          annotations.stringOf(c, Annotations.DESCRIPTION).or(() -> javadoc.param(element, name));
      out.add(new Shape.Property(name, shape, description.orElse(null)));
    }
    return out;
  }

  private boolean sameTypes(ExecutableElement c, List<? extends RecordComponentElement> comps) {
    for (int i = 0; i < comps.size(); i++) {
      if (!types.isSameType(c.getParameters().get(i).asType(), comps.get(i).asType())) {
        return false;
      }
    }
    return true;
  }

  private List<Shape.Property> classProperties(DeclaredType type, TypeElement element)
      throws Unsupported {
    String text = element.getQualifiedName().toString();
    if (element.getKind() == ElementKind.INTERFACE) {
      throw new Unsupported(
          Diagnostic.NOT_CONSTRUCTIBLE,
          text,
          "it is an interface; return a record or a concrete class instead");
    }
    if (element.getKind() != ElementKind.CLASS) {
      throw unsupported(text, "it is " + element.getKind().toString().toLowerCase(Locale.ROOT));
    }
    if (element.getModifiers().contains(Modifier.ABSTRACT)) {
      throw new Unsupported(Diagnostic.NOT_CONSTRUCTIBLE, text, "it is abstract");
    }
    if (element.getNestingKind() == NestingKind.MEMBER
        && !element.getModifiers().contains(Modifier.STATIC)) {
      throw new Unsupported(
          Diagnostic.NOT_CONSTRUCTIBLE, text, "it is an inner class; make it static");
    }
    Map<String, VariableElement> fields = new LinkedHashMap<>();
    for (VariableElement f : ElementFilter.fieldsIn(element.getEnclosedElements())) {
      if (!f.getModifiers().contains(Modifier.STATIC)) {
        fields.put(f.getSimpleName().toString(), f);
      }
    }
    ExecutableElement chosen = null;
    for (ExecutableElement c : ElementFilter.constructorsIn(element.getEnclosedElements())) {
      if (accessible(c) && matchesFields(c, fields)) {
        chosen = c;
      }
    }
    if (chosen == null) {
      throw new Unsupported(
          Diagnostic.NOT_CONSTRUCTIBLE,
          text,
          "it has no public constructor whose parameters match its fields "
              + (fields.isEmpty() ? "(it has none)" : String.join(", ", fields.keySet())));
    }
    List<Shape.Property> out = new ArrayList<>();
    for (VariableElement p : chosen.getParameters()) {
      String name = p.getSimpleName().toString();
      VariableElement field = fields.get(name);
      Shape shape = property(p.asType(), text + "." + name);
      Optional<String> description =
          annotations
              .stringOf(p, Annotations.DESCRIPTION)
              .or(() -> annotations.stringOf(field, Annotations.DESCRIPTION))
              .or(() -> javadoc.description(field))
              .or(() -> javadoc.param(element, name));
      out.add(new Shape.Property(name, shape, description.orElse(null)));
    }
    return out;
  }

  private boolean matchesFields(ExecutableElement c, Map<String, VariableElement> fields) {
    if (c.getParameters().size() != fields.size()) {
      return false;
    }
    for (VariableElement p : c.getParameters()) {
      VariableElement f = fields.get(p.getSimpleName().toString());
      if (f == null || !types.isSameType(f.asType(), p.asType())) {
        return false;
      }
    }
    return true;
  }

  private Shape property(TypeMirror type, String where) throws Unsupported {
    try {
      return analyze(type, true);
    } catch (Unsupported e) {
      if (e.located || e.diagnostic == Diagnostic.NOT_CONSTRUCTIBLE) {
        throw e;
      }
      throw new Unsupported(
          e.diagnostic,
          e.typeText,
          "property " + where + " is " + type + ": " + e.getMessage(),
          true);
    }
  }

  /** The description of a type or enum constant: {@code @Description}, else Javadoc. */
  Optional<String> describe(Element element) {
    return annotations
        .stringOf(element, Annotations.DESCRIPTION)
        .or(() -> javadoc.description(element));
  }

  /** Why generated code in {@link #packageName} cannot name {@code element}; empty when it can. */
  Optional<String> inaccessibility(TypeElement element) {
    if (element.getNestingKind() == NestingKind.LOCAL
        || element.getNestingKind() == NestingKind.ANONYMOUS) {
      return Optional.of("it is a local class");
    }
    boolean samePackage = packageOf(element).equals(packageName);
    for (Element e = element; e instanceof TypeElement; e = e.getEnclosingElement()) {
      Set<Modifier> m = e.getModifiers();
      if (m.contains(Modifier.PRIVATE)) {
        return Optional.of(e.getSimpleName() + " is private");
      }
      if (!samePackage && !m.contains(Modifier.PUBLIC)) {
        return Optional.of(e.getSimpleName() + " is not public");
      }
    }
    return Optional.empty();
  }

  private boolean accessible(ExecutableElement c) {
    Set<Modifier> m = c.getModifiers();
    if (m.contains(Modifier.PUBLIC)) {
      return true;
    }
    return !m.contains(Modifier.PRIVATE)
        && packageOf((TypeElement) c.getEnclosingElement()).equals(packageName);
  }

  private String packageOf(TypeElement element) {
    PackageElement p = elements.getPackageOf(element);
    return p.getQualifiedName().toString();
  }

  private static Unsupported unsupported(String typeText, String reason) {
    return new Unsupported(Diagnostic.UNSUPPORTED_RETURN_TYPE, typeText, reason);
  }
}
