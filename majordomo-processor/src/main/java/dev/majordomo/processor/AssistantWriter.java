package dev.majordomo.processor;

import static dev.majordomo.processor.RuntimeNames.ASSISTANT_RUNTIME;
import static dev.majordomo.processor.RuntimeNames.ELEMENT_DECODER;
import static dev.majordomo.processor.RuntimeNames.GENERATED;
import static dev.majordomo.processor.RuntimeNames.GENERATED_TOOL;
import static dev.majordomo.processor.RuntimeNames.IMAGE;
import static dev.majordomo.processor.RuntimeNames.JSON;
import static dev.majordomo.processor.RuntimeNames.JSON_NODE;
import static dev.majordomo.processor.RuntimeNames.METHOD_PLAN;
import static dev.majordomo.processor.RuntimeNames.OPTIONS;
import static dev.majordomo.processor.RuntimeNames.PART;
import static dev.majordomo.processor.RuntimeNames.PROMPT;
import static dev.majordomo.processor.RuntimeNames.REPLY;
import static dev.majordomo.processor.RuntimeNames.REPLY_DECODER;
import static dev.majordomo.processor.RuntimeNames.RESPONSE_SCHEMA;
import static dev.majordomo.processor.RuntimeNames.TOOLBOX;
import static dev.majordomo.processor.RuntimeNames.TOOL_DEFINITION;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Writes the implementation of one validated assistant. It makes no decisions that could fail:
 * everything was checked by {@link AssistantValidator}.
 */
final class AssistantWriter {
  static final String PROCESSOR = "dev.majordomo.processor.MajordomoProcessor";
  static final String GENERATED_ANNOTATION = "javax.annotation.processing.Generated";

  private final Elements elements;
  private final Types types;

  AssistantWriter(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  JavaFile write(AssistantModel model) {
    return new Writing(model).file();
  }

  /** The state of writing one class. */
  private final class Writing {
    private final AssistantModel model;
    private final ClassName name;
    private final TypeName assistant;
    private final NameAllocator classNames = new NameAllocator();
    private final DecoderWriter decoders;
    private final TypeSpec.Builder type;
    private final Map<String, String> systemConstants = new LinkedHashMap<>();
    private final Map<OptionsModel, String> optionsConstants = new LinkedHashMap<>();
    private final Map<ToolSource, String> toolboxFactories = new LinkedHashMap<>();
    private final Map<ToolModel, String> toolConstants = new LinkedHashMap<>();
    private final Map<List<ToolSource>, String> toolFields = new LinkedHashMap<>();
    private final List<FieldSpec> constants = new ArrayList<>();
    private final List<MethodSpec> implementations = new ArrayList<>();
    private final List<MethodSpec> toolMethods = new ArrayList<>();

    /** Simple names JavaPoet must qualify (see {@link #shadowedNames}). */
    private final Set<String> shadowed;

    /** The current method's parameter names → their names in the override. */
    private Map<String, String> parameters = Map.of();

    Writing(AssistantModel model) {
      this.model = model;
      this.name = ClassName.get(model.packageName(), model.simpleName());
      this.assistant = TypeName.get(model.element().asType());
      for (ExecutableElement m : ElementFilter.methodsIn(elements.getAllMembers(model.element()))) {
        classNames.newName(m.getSimpleName().toString(), m);
      }
      // helpers are static members of a class that extends Object: never a restricted identifier
      // (a factory named yield() cannot be called unqualified) nor an Object method (a static
      // clone() cannot hide Object's)
      for (String reserved : RESERVED_MEMBER_NAMES) {
        classNames.newName(reserved, "reserved:" + reserved);
      }
      this.decoders = new DecoderWriter(name, model.objects(), classNames);
      this.shadowed = shadowedNames();
      classNames.newName("runtime", "runtime");
      this.type =
          TypeSpec.classBuilder(name)
              .addOriginatingElement(model.element())
              .addJavadoc(
                  "Generated by Majordomo from {@link $T}: obtain it with {@code"
                      + " Assistants.create($T.class)}.\n<p>Do not edit: it is written again on"
                      + " every build.\n",
                  assistant,
                  assistant)
              .addAnnotation(
                  AnnotationSpec.builder(GENERATED).addMember("value", "$S", PROCESSOR).build())
              .addModifiers(Modifier.FINAL)
              .addSuperinterface(assistant)
              // the interface's member types are in scope in the class: never import a runtime
              // type under one of their names
              .avoidClashesWithNestedClasses(model.element())
              .alwaysQualify(shadowed.toArray(String[]::new));
      if (model.isPublic()) {
        type.addModifiers(Modifier.PUBLIC);
      }
      // Implementing a deprecated interface, or calling deprecated tools and accessors, is the
      // user's choice; -Xlint must not report it in code the user cannot edit.
      type.addAnnotation(
          AnnotationSpec.builder(SuppressWarnings.class)
              .addMember("value", "{$S, $S}", "deprecation", "removal")
              .build());
    }

    /**
     * Simple names the generated class must not use for a type, since something else answers to
     * them: a constant of the interface (inherited into the class) obscures a type of that name in
     * expressions ({@code int Json} breaks {@code Json.parse(..)}), and a class of the same package
     * shadows {@code java.lang} ({@code t.String}), whose types JavaPoet does not import.
     */
    private Set<String> shadowedNames() {
      Set<String> out = new TreeSet<>();
      for (VariableElement f : ElementFilter.fieldsIn(elements.getAllMembers(model.element()))) {
        out.add(f.getSimpleName().toString());
      }
      for (String simple : TYPE_NAMES) {
        String qualified =
            model.packageName().isEmpty() ? simple : model.packageName() + "." + simple;
        if (elements.getTypeElement(qualified) != null) {
          out.add(simple);
        }
      }
      if (out.contains(JSON.simpleName())) {
        // JavaPoet imports the top-level class of a nested one unless the nested name is listed
        out.add(ELEMENT_DECODER.simpleName());
      }
      return out;
    }

    JavaFile file() {
      List<ToolSource> used = new ArrayList<>();
      for (MethodModel m : model.methods()) {
        for (ToolSource s : m.tools()) {
          if (!used.contains(s)) {
            used.add(s);
          }
        }
      }
      for (ToolSource s : used) {
        toolSource(s);
      }
      for (MethodModel m : model.methods()) {
        implementations.add(method(m));
      }
      type.addFields(constants);
      type.addField(ASSISTANT_RUNTIME, "runtime", Modifier.PRIVATE, Modifier.FINAL);
      for (String field : toolFields.values()) {
        type.addField(TOOLBOX, field, Modifier.PRIVATE, Modifier.FINAL);
      }
      type.addMethod(constructor());
      type.addMethods(implementations);
      type.addMethods(toolMethods);
      type.addMethods(decoders.methods());
      return JavaFile.builder(model.packageName(), type.build())
          .skipJavaLangImports(true)
          .indent("  ")
          .build();
    }

    // ------------------------------------------------------------ constructor

    private MethodSpec constructor() {
      MethodSpec.Builder c =
          MethodSpec.constructorBuilder()
              .addModifiers(Modifier.PUBLIC)
              .addParameter(ASSISTANT_RUNTIME, "runtime")
              .addStatement(
                  "this.runtime = $T.requireNonNull(runtime, $S)", Objects.class, "runtime");
      NameAllocator locals = new NameAllocator();
      locals.newName("runtime", "runtime");
      Map<ToolSource, String> toolboxLocals = new LinkedHashMap<>();
      for (Map.Entry<ToolSource, String> e : toolboxFactories.entrySet()) {
        ToolSource s = e.getKey();
        String local = locals.newName(e.getValue(), s);
        toolboxLocals.put(s, local);
        TypeName toolClass = TypeName.get(s.element().asType());
        if (s.self()) {
          c.addStatement("$T $N = $N(this)", TOOLBOX, local, e.getValue());
        } else if (!s.needsInstance()) {
          c.addStatement("$T $N = $N()", TOOLBOX, local, e.getValue());
        } else if (s.constructible()) {
          c.addStatement(
              "$T $N = $N(runtime.toolInstance($T.class, $T::new))",
              TOOLBOX,
              local,
              e.getValue(),
              toolClass,
              toolClass);
        } else {
          c.addStatement(
              "$T $N = $N(runtime.toolInstance($T.class, null))",
              TOOLBOX,
              local,
              e.getValue(),
              toolClass);
        }
      }
      for (Map.Entry<List<ToolSource>, String> e : toolFields.entrySet()) {
        CodeBlock.Builder value = CodeBlock.builder();
        List<ToolSource> sources = e.getKey();
        value.add("$N", toolboxLocals.get(sources.get(0)));
        for (ToolSource s : sources.subList(1, sources.size())) {
          value.add(".with($N)", toolboxLocals.get(s));
        }
        c.addStatement("this.$N = $L", e.getValue(), value.build());
      }
      return c.build();
    }

    // ------------------------------------------------------------ methods

    private MethodSpec method(MethodModel m) {
      ExecutableElement element = m.element();
      NameAllocator locals = new NameAllocator();
      Map<String, String> renamed = new HashMap<>();
      for (VariableElement p : element.getParameters()) {
        String n = p.getSimpleName().toString();
        if (!PARAMETER_RESERVED.contains(n) && !n.equals(name.simpleName())) {
          renamed.put(n, locals.newName(n, "param:" + n));
        }
      }
      // A parameter named like a type the body names in an expression (String Prompt) or like a
      // package (String java) would obscure it: the override takes another name, which callers
      // never see.
      for (VariableElement p : element.getParameters()) {
        String n = p.getSimpleName().toString();
        renamed.computeIfAbsent(n, k -> locals.newName(k + "_", "param:" + k));
      }
      MethodSpec.Builder b = override(m, renamed);
      Set<String> parameterNames = new HashSet<>(renamed.values());
      this.parameters = renamed;
      String constant = classNames.newName(constantBase(m), m);
      constants.add(planConstant(m, constant));
      CodeBlock decoder = decoderFor(m, constant);

      CodeBlock system = systemPrompt(m, parameterNames);
      String prompt = locals.newName("prompt");
      if (m.images().isEmpty()) {
        b.addStatement("$T $N = $T.of($L,$W$L)", PROMPT, prompt, PROMPT, system, render(m.user()));
      } else {
        CodeBlock userText = CodeBlock.of("$T.text($L)", PART, render(m.user()));
        String parts = locals.newName("parts");
        TypeName partList = ParameterizedTypeName.get(ClassName.get(List.class), PART);
        b.addStatement("$T $N = new $T<>()", partList, parts, ArrayList.class);
        b.addStatement("$N.add($L)", parts, userText);
        for (MethodModel.ImageParam image : m.images()) {
          if (image.list()) {
            String each = locals.newName("image");
            b.beginControlFlow("for ($T $N : $N)", IMAGE, each, parameters.get(image.name()))
                .addStatement("$N.add($T.image($N))", parts, PART, each)
                .endControlFlow();
          } else {
            b.addStatement("$N.add($T.image($N))", parts, PART, parameters.get(image.name()));
          }
        }
        b.addStatement("$T $N = new $T($L, $N)", PROMPT, prompt, PROMPT, system, parts);
      }
      CodeBlock runtime = field("runtime", parameterNames);
      CodeBlock plan = constantRef(constant, parameterNames);
      CodeBlock tools = toolbox(m, parameterNames);
      ReturnModel r = m.returns();
      switch (r.kind()) {
        case STREAM_TEXT ->
            b.addStatement("return $L.streamText($L, $L, $N)", runtime, plan, tools, prompt);
        case STREAM_EVENTS ->
            b.addStatement("return $L.streamEvents($L, $L, $N)", runtime, plan, tools, prompt);
        default -> {
          String call = r.async() ? "callAsync" : "call";
          CodeBlock invocation =
              CodeBlock.of("$L.$N($L, $L, $N, $L)", runtime, call, plan, tools, prompt, decoder);
          if (r.reply()) {
            b.addStatement("return $L", invocation);
          } else if (r.async()) {
            b.addStatement("return $L.thenApply($T::value)", invocation, REPLY);
          } else {
            b.addStatement("return $L.value()", invocation);
          }
        }
      }
      return b.build();
    }

    /**
     * The override's signature, from the method as a member of the interface. Written here rather
     * than by {@code MethodSpec.overriding} to choose the parameter names, and to keep the warnings
     * javac gives for the user's signature (raw types, generic varargs) out of the generated code:
     * the user has seen and accepted them on the interface.
     */
    private MethodSpec.Builder override(MethodModel m, Map<String, String> names) {
      ExecutableElement e = m.element();
      ExecutableType mt = (ExecutableType) types.asMemberOf(model.type(), e);
      MethodSpec.Builder b =
          MethodSpec.methodBuilder(e.getSimpleName().toString())
              .addAnnotation(Override.class)
              .addModifiers(Modifier.PUBLIC)
              .returns(TypeName.get(mt.getReturnType()));
      boolean raw = Signatures.hasRawType(mt.getReturnType());
      for (int i = 0; i < e.getParameters().size(); i++) {
        TypeMirror t = mt.getParameterTypes().get(i);
        raw |= Signatures.hasRawType(t);
        b.addParameter(
            TypeName.get(t), names.get(e.getParameters().get(i).getSimpleName().toString()));
      }
      for (TypeMirror t : mt.getThrownTypes()) {
        b.addException(TypeName.get(t));
      }
      boolean unchecked =
          e.isVarArgs()
              && !Signatures.isReifiable(
                  mt.getParameterTypes().get(mt.getParameterTypes().size() - 1));
      b.varargs(e.isVarArgs());
      List<String> suppress = new ArrayList<>();
      if (raw) {
        suppress.add("rawtypes");
      }
      if (unchecked) {
        suppress.add("unchecked");
      }
      if (!suppress.isEmpty()) {
        b.addAnnotation(
            AnnotationSpec.builder(SuppressWarnings.class)
                .addMember(
                    "value",
                    "{$L}",
                    suppress.stream().map(AssistantWriter::string).collect(CodeBlock.joining(", ")))
                .build());
      }
      return b;
    }

    /** {@code PLAN} for {@code plan(..)}; {@code PLAN_2} for its second overload, and so on. */
    private String constantBase(MethodModel m) {
      int index = 1;
      for (MethodModel other : model.methods()) {
        if (other == m) {
          break;
        }
        if (other.name().equals(m.name())) {
          index++;
        }
      }
      String base = Names.constant(m.name());
      return index == 1 ? base : base + "_" + index;
    }

    private FieldSpec planConstant(MethodModel m, String constant) {
      CodeBlock schema = CodeBlock.of("null");
      ReturnModel r = m.returns();
      if (r.kind() == ReturnModel.Kind.STRUCTURED) {
        String schemaConstant = classNames.newName(constant + "_SCHEMA");
        constants.add(
            FieldSpec.builder(
                    String.class, schemaConstant, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$L", longLiteral(r.schemaJson()))
                .build());
        schema =
            CodeBlock.of("new $T($L, $N)", RESPONSE_SCHEMA, string(r.schemaName()), schemaConstant);
      }
      return FieldSpec.builder(
              METHOD_PLAN, constant, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .initializer(
              "new $T(\n$>$>$L,\n$L,\n$L,\n$L,\n$L,\n$L)$<$<",
              METHOD_PLAN,
              string(assistantName()),
              string(m.name()),
              string(m.chain()),
              options(m.options()),
              maxToolRounds(m),
              schema)
          .build();
    }

    /** The plan's rounds: the {@code @Llm} value, else the runtime's "inherit" constant. */
    private static CodeBlock maxToolRounds(MethodModel m) {
      return m.maxToolRounds() < 0
          ? CodeBlock.of("$T.INHERIT_MAX_TOOL_ROUNDS", METHOD_PLAN)
          : CodeBlock.of("$L", m.maxToolRounds());
    }

    /** {@code Outer.Inner}: the interface's name without its package, for messages. */
    private String assistantName() {
      String qualified = model.element().getQualifiedName().toString();
      return model.packageName().isEmpty()
          ? qualified
          : qualified.substring(model.packageName().length() + 1);
    }

    private CodeBlock options(OptionsModel o) {
      if (o.isEmpty()) {
        return CodeBlock.of("$T.DEFAULTS", OPTIONS);
      }
      String constant = optionsConstants.get(o);
      if (constant == null) {
        constant = classNames.newName("OPTIONS");
        optionsConstants.put(o, constant);
        constants.add(
            FieldSpec.builder(OPTIONS, constant, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$L", newOptions(o))
                .build());
      }
      return CodeBlock.of("$N", constant);
    }

    private CodeBlock newOptions(OptionsModel o) {
      CodeBlock stop =
          o.stop().isEmpty()
              ? CodeBlock.of("$T.of()", List.class)
              : CodeBlock.of(
                  "$T.of($L)",
                  List.class,
                  o.stop().stream().map(AssistantWriter::string).collect(CodeBlock.joining(", ")));
      return CodeBlock.of(
          "new $T($L, $L, $L, $L, $L)",
          OPTIONS,
          o.temperature() == null ? "null" : o.temperature().toString(),
          o.maxTokens() == null ? "null" : o.maxTokens().toString(),
          stop,
          o.seed() == null ? "null" : o.seed() + "L",
          duration(o.timeout()));
    }

    /** The shortest readable factory call; amounts past the int range are long literals. */
    private CodeBlock duration(Duration d) {
      if (d == null) {
        return CodeBlock.of("null");
      }
      if (d.getNano() % 1_000_000 != 0) {
        return CodeBlock.of("$T.ofNanos($LL)", Duration.class, d.toNanos());
      }
      long millis = d.toMillis();
      if (millis % 3_600_000 == 0) {
        return CodeBlock.of("$T.ofHours($L)", Duration.class, literal(millis / 3_600_000));
      }
      if (millis % 60_000 == 0) {
        return CodeBlock.of("$T.ofMinutes($L)", Duration.class, literal(millis / 60_000));
      }
      if (millis % 1000 == 0) {
        return CodeBlock.of("$T.ofSeconds($L)", Duration.class, literal(millis / 1000));
      }
      return CodeBlock.of("$T.ofMillis($L)", Duration.class, literal(millis));
    }

    private static String literal(long value) {
      return value == (int) value ? Long.toString(value) : value + "L";
    }

    private CodeBlock decoderFor(MethodModel m, String constant) {
      ReturnModel r = m.returns();
      if (r.kind() == ReturnModel.Kind.TEXT) {
        return CodeBlock.of("$T.TEXT", REPLY_DECODER);
      }
      if (r.kind() != ReturnModel.Kind.STRUCTURED) {
        return null;
      }
      String decoderConstant = classNames.newName(constant + "_DECODER");
      NameAllocator locals = new NameAllocator();
      String node = locals.newName("node");
      CodeBlock body;
      if (SchemaWriter.isObject(r.shape())) {
        body =
            decoders.decode(r.shape(), CodeBlock.of("$N", node), CodeBlock.of("$S", "$"), locals);
      } else {
        body =
            decoders.property(
                r.shape(),
                "value",
                CodeBlock.of("$N", node),
                CodeBlock.of("$S", "$"),
                CodeBlock.of("$S", "$.value"),
                locals);
      }
      TypeName valueType = TypeName.get(r.valueType()).box();
      constants.add(
          FieldSpec.builder(
                  ParameterizedTypeName.get(REPLY_DECODER, valueType),
                  decoderConstant,
                  Modifier.PRIVATE,
                  Modifier.STATIC,
                  Modifier.FINAL)
              // the type argument spares javac the inference (see DecoderWriter.generic)
              .initializer("$T.<$T>json($N ->$W$L)", REPLY_DECODER, valueType, node, body)
              .build());
      return CodeBlock.of("$N", decoderConstant);
    }

    private CodeBlock systemPrompt(MethodModel m, Set<String> parameterNames) {
      ResolvedTemplate system = m.system();
      if (system == null) {
        return CodeBlock.of("null");
      }
      if (!system.isConstant()) {
        return render(system);
      }
      String text = system.constantText();
      String constant = systemConstants.get(text);
      if (constant == null) {
        constant = classNames.newName("SYSTEM_PROMPT");
        systemConstants.put(text, constant);
        constants.add(
            FieldSpec.builder(
                    String.class, constant, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$L", string(text))
                .build());
      }
      return constantRef(constant, parameterNames);
    }

    /** String concatenation of a template; it always starts with a String operand. */
    private CodeBlock render(ResolvedTemplate rendered) {
      List<CodeBlock> parts = new ArrayList<>();
      for (ResolvedTemplate.Piece piece : rendered.pieces()) {
        if (piece instanceof ResolvedTemplate.Text t) {
          parts.add(string(t.text()));
        } else {
          ResolvedTemplate.Value v = (ResolvedTemplate.Value) piece;
          CodeBlock.Builder value =
              CodeBlock.builder().add("$N", parameters.getOrDefault(v.parameter(), v.parameter()));
          for (String accessor : v.accessors()) {
            value.add(".$N()", accessor);
          }
          CodeBlock expression = value.build();
          parts.add(
              parts.isEmpty()
                  ? CodeBlock.of("$T.valueOf($L)", String.class, expression)
                  : expression);
        }
      }
      if (parts.isEmpty()) {
        return CodeBlock.of("$S", "");
      }
      CodeBlock.Builder out = CodeBlock.builder().add(parts.get(0));
      for (CodeBlock part : parts.subList(1, parts.size())) {
        out.add("$W+ $L", part);
      }
      return out.build();
    }

    private CodeBlock toolbox(MethodModel m, Set<String> parameterNames) {
      if (m.tools().isEmpty()) {
        return CodeBlock.of("$T.empty()", TOOLBOX);
      }
      String field = toolFields.get(m.tools());
      if (field == null) {
        long distinct =
            model.methods().stream()
                .map(MethodModel::tools)
                .filter(t -> !t.isEmpty())
                .distinct()
                .count();
        field = classNames.newName(distinct == 1 ? "tools" : m.name() + "Tools");
        toolFields.put(m.tools(), field);
      }
      return field(field, parameterNames);
    }

    private CodeBlock field(String field, Set<String> parameterNames) {
      return parameterNames.contains(field)
          ? CodeBlock.of("this.$N", field)
          : CodeBlock.of("$N", field);
    }

    private CodeBlock constantRef(String constant, Set<String> parameterNames) {
      return parameterNames.contains(constant)
          ? CodeBlock.of("$T.$N", name, constant)
          : CodeBlock.of("$N", constant);
    }

    // ------------------------------------------------------------ tools

    private void toolSource(ToolSource s) {
      String factory =
          classNames.newName(
              s.self() ? "ownTools" : Names.lowerCamel(s.element().getSimpleName().toString()), s);
      toolboxFactories.put(s, factory);
      TypeName owner = TypeName.get(s.element().asType());
      String prefix =
          s.self() ? "TOOL" : "TOOL_" + Names.constant(s.element().getSimpleName().toString());
      MethodSpec.Builder f =
          MethodSpec.methodBuilder(factory)
              .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
              .returns(TOOLBOX);
      if (s.needsInstance()) {
        f.addParameter(owner, "target");
      }
      List<CodeBlock> tools = new ArrayList<>();
      for (ToolModel t : s.tools()) {
        String constant = classNames.newName(prefix + "_" + Names.constant(t.name()), t);
        toolConstants.put(t, constant);
        constants.add(
            FieldSpec.builder(
                    TOOL_DEFINITION, constant, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer(
                    "new $T(\n$>$>$L,\n$L,\n$L)$<$<",
                    TOOL_DEFINITION,
                    string(t.name()),
                    string(t.description()),
                    longLiteral(t.schemaJson()))
                .build());
        String invoker = classNames.newName("invoke" + capitalize(t.name()), "invoke:" + constant);
        toolMethods.add(invoker(s, t, invoker, owner));
        tools.add(
            t.isStatic()
                ? CodeBlock.of(
                    "new $T($N, arguments -> $N(arguments))", GENERATED_TOOL, constant, invoker)
                : CodeBlock.of(
                    "new $T($N, arguments -> $N(target, arguments))",
                    GENERATED_TOOL,
                    constant,
                    invoker));
      }
      f.addStatement(
          "return $T.of(\n$L)", TOOLBOX, tools.stream().collect(CodeBlock.joining(",\n")));
      toolMethods.add(0, f.build());
    }

    /**
     * A type as the qualifier of a static call. JavaPoet writes a class of the same package by its
     * simple name even when told to qualify that name, and a constant of the interface with that
     * name would take the call ({@code int Json} and a tool class {@code Json}).
     */
    private CodeBlock typeInExpression(TypeName type) {
      if (type instanceof ClassName c && shadowed.contains(c.topLevelClassName().simpleName())) {
        return CodeBlock.of("$L", c.canonicalName());
      }
      return CodeBlock.of("$T", type);
    }

    private MethodSpec invoker(ToolSource s, ToolModel t, String invoker, TypeName owner) {
      MethodSpec.Builder b =
          MethodSpec.methodBuilder(invoker)
              .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
              .returns(String.class)
              .addException(Exception.class);
      NameAllocator locals = new NameAllocator();
      String target = locals.newName("target");
      if (!t.isStatic()) {
        b.addParameter(owner, target);
      }
      String arguments = locals.newName("arguments");
      b.addParameter(String.class, arguments);
      CodeBlock receiver = t.isStatic() ? typeInExpression(owner) : CodeBlock.of("$N", target);
      List<CodeBlock> args = new ArrayList<>();
      if (!t.parameters().isEmpty()) {
        String json = locals.newName("json");
        b.addStatement("$T $N = $T.parse($N)", JSON_NODE, json, JSON, arguments);
        for (ToolModel.Parameter p : t.parameters()) {
          args.add(
              decoders.property(
                  p.shape(),
                  p.name(),
                  CodeBlock.of("$N", json),
                  CodeBlock.of("$S", "$"),
                  string("$." + p.name()),
                  locals));
        }
      }
      CodeBlock call =
          args.isEmpty()
              ? CodeBlock.of("$L.$N()", receiver, t.element().getSimpleName().toString())
              : CodeBlock.of(
                  "$L.$N(\n$L)",
                  receiver,
                  t.element().getSimpleName().toString(),
                  args.stream().collect(CodeBlock.joining(",\n")));
      switch (t.result()) {
        case VOID -> b.addStatement("$L", call).addStatement("return $S", "ok");
        case STRING -> b.addStatement("return $L", call);
        case JSON -> b.addStatement("return $T.write($L)", JSON, call);
      }
      return b.build();
    }
  }

  /** Static-member names generated helpers never take. */
  private static final List<String> RESERVED_MEMBER_NAMES =
      List.of(
          "clone",
          "equals",
          "finalize",
          "getClass",
          "hashCode",
          "notify",
          "notifyAll",
          "toString",
          "wait",
          "yield",
          "record",
          "var",
          "sealed",
          "permits",
          "when");

  /**
   * The simple names of the types generated code may name; a constant or same-package class of one
   * of these names makes JavaPoet qualify it (see {@code shadowedNames}).
   */
  private static final List<String> TYPE_NAMES =
      List.of(
          ASSISTANT_RUNTIME.simpleName(),
          METHOD_PLAN.simpleName(),
          PROMPT.simpleName(),
          REPLY_DECODER.simpleName(),
          JSON.simpleName(),
          GENERATED_TOOL.simpleName(),
          REPLY.simpleName(),
          OPTIONS.simpleName(),
          RESPONSE_SCHEMA.simpleName(),
          PART.simpleName(),
          TOOLBOX.simpleName(),
          TOOL_DEFINITION.simpleName(),
          IMAGE.simpleName(),
          JSON_NODE.simpleName(),
          GENERATED.simpleName(),
          "String",
          "Object",
          "Objects",
          "List",
          "ArrayList",
          "Map",
          "LinkedHashMap",
          "Collections",
          "Duration",
          "Integer",
          "Long",
          "Double",
          "Exception",
          "Override",
          "SuppressWarnings");

  /**
   * Parameter names the override renames: the types above (a body names several of them in
   * expressions) and the first segment of every package a qualified name may start with.
   */
  private static final Set<String> PARAMETER_RESERVED =
      java.util.stream.Stream.concat(
              TYPE_NAMES.stream(), java.util.stream.Stream.of("java", "javax", "dev", "com"))
          .collect(Collectors.toUnmodifiableSet());

  /** A string literal split into lines of about 64 characters, breaking after commas. */
  static CodeBlock longLiteral(String text) {
    List<String> chunks = new ArrayList<>();
    int start = 0;
    while (text.length() - start > 64) {
      int cut = text.lastIndexOf(',', start + 64);
      cut = cut <= start ? start + 64 : cut + 1;
      if (Character.isHighSurrogate(text.charAt(cut - 1)) && cut - 1 > start) {
        cut--; // never between the two halves of a supplementary character (an emoji)
      }
      chunks.add(text.substring(start, cut));
      start = cut;
    }
    chunks.add(text.substring(start));
    CodeBlock.Builder b = CodeBlock.builder().add(string(chunks.get(0)));
    if (chunks.size() > 1) {
      b.add("$>$>");
      for (String chunk : chunks.subList(1, chunks.size())) {
        b.add("\n+ $L", string(chunk));
      }
      b.add("$<$<");
    }
    return b.build();
  }

  /**
   * A string literal for any text, in plain ASCII. JavaPoet's {@code $S} writes most characters as
   * they are, and splits its output into lines at every Unicode line break, U+2028 and U+2029
   * included, which breaks the literal in two. And the Filer writes the file in the build's source
   * encoding, which is not always UTF-8 (Windows without {@code project.build.sourceEncoding}):
   * there an emoji or a 'à' would become '?'. So every character outside printable ASCII is a
   * {@code \\uXXXX} escape (a surrogate pair as two), which reads the same in every encoding.
   */
  static CodeBlock string(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c > 0x7E) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return CodeBlock.of("$L", out.append('"').toString());
  }

  private static String capitalize(String s) {
    String camel =
        java.util.Arrays.stream(s.split("[^A-Za-z0-9]+"))
            .filter(w -> !w.isEmpty())
            .map(w -> Character.toUpperCase(w.charAt(0)) + w.substring(1))
            .collect(Collectors.joining());
    return camel.isEmpty() ? "Tool" : camel;
  }
}
