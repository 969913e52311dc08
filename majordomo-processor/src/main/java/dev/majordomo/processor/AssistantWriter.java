package dev.majordomo.processor;

import static dev.majordomo.processor.RuntimeNames.ASSISTANT_RUNTIME;
import static dev.majordomo.processor.RuntimeNames.GENERATED;
import static dev.majordomo.processor.RuntimeNames.GENERATED_TOOL;
import static dev.majordomo.processor.RuntimeNames.IMAGE;
import static dev.majordomo.processor.RuntimeNames.JSON;
import static dev.majordomo.processor.RuntimeNames.JSON_NODE;
import static dev.majordomo.processor.RuntimeNames.METHOD_PLAN;
import static dev.majordomo.processor.RuntimeNames.OPTIONS;
import static dev.majordomo.processor.RuntimeNames.PART;
import static dev.majordomo.processor.RuntimeNames.PROMPT;
import static dev.majordomo.processor.RuntimeNames.PROMPT_CACHE;
import static dev.majordomo.processor.RuntimeNames.REASONING_EFFORT;
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
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
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
    // the plans of the methods that name tool sources, which the constructor has checked
    private final List<String> plansWithSources = new ArrayList<>();
    // the constants, in the order the class declares them (each group refers only to earlier ones)
    private final List<FieldSpec> prompts = new ArrayList<>();
    private final List<FieldSpec> options = new ArrayList<>();
    private final List<FieldSpec> schemas = new ArrayList<>();
    private final List<FieldSpec> plans = new ArrayList<>();
    private final List<FieldSpec> replyDecoders = new ArrayList<>();
    private final List<FieldSpec> toolDefinitions = new ArrayList<>();
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
                  "Implements {@link $T}.\n\n"
                      + "<p>Obtain it with {@code Assistants.create($T.class)}.\n\n"
                      + "<p>Generated by Majordomo; do not edit: it is written again on every"
                      + " build.\n",
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
      for (ExecutableElement m : model.conversationMethods()) {
        implementations.add(conversationMethod(m));
      }
      if (model.closes()) {
        implementations.add(
            MethodSpec.methodBuilder("close")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addStatement("runtime.close()")
                .build());
      }
      type.addFields(prompts)
          .addFields(options)
          .addFields(schemas)
          .addFields(plans)
          .addFields(replyDecoders)
          .addFields(toolDefinitions);
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
      if (!plansWithSources.isEmpty()) {
        // every source the methods name is known, or the assistant is not built
        CodeBlock plans =
            plansWithSources.stream()
                .map(p -> CodeBlock.of("$N", p))
                .collect(CodeBlock.joining(", "));
        CodeBlock call = CodeBlock.of("runtime.requireToolSources($L)", plans);
        if (BODY + Layout.width(call) + 1 <= Layout.COLUMNS) {
          c.addStatement("$L", call);
        } else {
          c.addStatement(
              "runtime.requireToolSources(\n$>$>$L)$<$<",
              plansWithSources.stream()
                  .map(p -> CodeBlock.of("$N", p))
                  .collect(CodeBlock.joining(",\n")));
        }
      }
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
        } else {
          CodeBlock instance =
              s.constructible() ? CodeBlock.of("$T::new", toolClass) : CodeBlock.of("null");
          CodeBlock factory =
              CodeBlock.of(
                  "$N(runtime.toolInstance($T.class, $L))", e.getValue(), toolClass, instance);
          CodeBlock declaration = CodeBlock.of("$T $N = ", TOOLBOX, local);
          CodeBlock lookup =
              CodeBlock.of("runtime.toolInstance($T.class, $L)", toolClass, instance);
          if (BODY + Layout.width(declaration) + Layout.width(factory) + 1 <= Layout.COLUMNS) {
            c.addStatement("$L$L", declaration, factory);
          } else if (BODY + CONTINUATION + Layout.width(factory) + 1 <= Layout.COLUMNS) {
            c.addStatement("$T $N =\n$L", TOOLBOX, local, factory);
          } else if (BODY + 2 * CONTINUATION + Layout.width(lookup) + 3 <= Layout.COLUMNS) {
            c.addStatement("$T $N =\n$N(\n$>$>$L)$<$<", TOOLBOX, local, e.getValue(), lookup);
          } else {
            c.addStatement(
                "$T $N =\n$N(\n$>$>runtime.toolInstance(\n$>$>$T.class, $L))$<$<$<$<",
                TOOLBOX,
                local,
                e.getValue(),
                toolClass,
                instance);
          }
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
      plans.add(planConstant(m, constant));
      CodeBlock decoder = decoderFor(m, constant);

      CodeBlock system = systemPrompt(m, parameterNames);
      String prompt = locals.newName("prompt");
      CodeBlock conversation =
          m.memoryId() == null
              ? CodeBlock.of("")
              : CodeBlock.of(".inConversation($N)", parameters.get(m.memoryId()));
      if (m.images().isEmpty()) {
        CodeBlock user = render(m.user());
        CodeBlock call = CodeBlock.of("$T.of($L, $L)$L", PROMPT, system, user, conversation);
        CodeBlock declaration = CodeBlock.of("$T $N = ", PROMPT, prompt);
        int width = Layout.width(call) + 1;
        if (BODY + Layout.width(declaration) + width <= Layout.COLUMNS) {
          b.addStatement("$L$L", declaration, call);
        } else if (BODY + CONTINUATION + width <= Layout.COLUMNS) {
          b.addStatement("$T $N =\n$L", PROMPT, prompt, call);
        } else if (m.memoryId() == null) {
          b.addStatement("$T $N =\n$T.of(\n$>$>$L,\n$L)$<$<", PROMPT, prompt, PROMPT, system, user);
        } else {
          // as google-java-format breaks a call that a method call follows
          b.addStatement(
              "$T $N =\n$T.of(\n$>$>$>$>$L,\n$L)$<$<\n$L$<$<",
              PROMPT,
              prompt,
              PROMPT,
              system,
              user,
              conversation);
        }
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
        CodeBlock call = CodeBlock.of("new $T($L, $N)$L", PROMPT, system, parts, conversation);
        if (BODY + Layout.width(CodeBlock.of("$T $N = $L;", PROMPT, prompt, call))
            <= Layout.COLUMNS) {
          b.addStatement("$T $N = $L", PROMPT, prompt, call);
        } else {
          b.addStatement("$T $N =\n$L", PROMPT, prompt, call);
        }
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
          CodeBlock arguments = CodeBlock.of("$L, $L, $N, $L", plan, tools, prompt, decoder);
          CodeBlock then =
              r.reply()
                  ? null
                  : r.async()
                      ? CodeBlock.of(".thenApply($T::value)", REPLY)
                      : CodeBlock.of(".value()");
          CodeBlock oneLine =
              CodeBlock.of(
                  "return $L.$N($L)$L", runtime, call, arguments, then == null ? "" : then);
          if (then == null || BODY + Layout.width(oneLine) + 1 <= Layout.COLUMNS) {
            b.addStatement("$L", oneLine);
          } else {
            b.addStatement("return $L\n.$N($L)\n$L", runtime, call, arguments, then);
          }
        }
      }
      return b.build();
    }

    /**
     * {@code history(id)} or {@code forget(id)} of {@code Conversations}: the runtime converts the
     * id as it converts a {@code @MemoryId} argument.
     */
    private MethodSpec conversationMethod(ExecutableElement m) {
      ExecutableType mt = (ExecutableType) types.asMemberOf(model.type(), m);
      String method = m.getSimpleName().toString();
      MethodSpec.Builder b =
          MethodSpec.methodBuilder(method)
              .addAnnotation(Override.class)
              .addModifiers(Modifier.PUBLIC)
              .returns(TypeName.get(mt.getReturnType()))
              .addParameter(TypeName.get(mt.getParameterTypes().get(0)), "id");
      if (mt.getReturnType().getKind() == TypeKind.VOID) {
        b.addStatement("runtime.$N(id)", method);
      } else {
        b.addStatement("return runtime.$N(id)", method);
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

    /**
     * {@code MethodPlan.forMethod("Agent", "method")}, then one named step for each setting that
     * differs from the runtime's default.
     */
    private FieldSpec planConstant(MethodModel m, String constant) {
      List<CodeBlock> steps = new ArrayList<>();
      if (!m.chain().isBlank()) {
        steps.add(CodeBlock.of(".withChain($L)", string(m.chain())));
      }
      if (!m.options().isEmpty()) {
        steps.add(CodeBlock.of(".withOptions($L)", options(m.options(), constant)));
      }
      if (m.maxToolRounds() >= 0) {
        steps.add(CodeBlock.of(".withMaxToolRounds($L)", m.maxToolRounds()));
      }
      if (!m.toolSources().isEmpty()) {
        steps.add(
            CodeBlock.of(
                ".withToolSources($L)",
                m.toolSources().stream()
                    .map(AssistantWriter::string)
                    .collect(CodeBlock.joining(", "))));
        plansWithSources.add(constant);
      }
      if (m.memoryId() != null) {
        steps.add(CodeBlock.of(".withMemoryId($L)", string(m.memoryId())));
        if (m.maxHistoryMessages() >= 0 || m.maxHistoryTokens() >= 0) {
          steps.add(
              CodeBlock.of(
                  ".withHistoryLimits($L, $L)", m.maxHistoryMessages(), m.maxHistoryTokens()));
        }
      }
      ReturnModel r = m.returns();
      if (r.kind() == ReturnModel.Kind.STRUCTURED) {
        String schemaConstant = classNames.newName(constant + "_SCHEMA");
        schemas.add(stringConstant(schemaConstant, r.schemaJson(), StringLiterals.Breaks.JSON));
        steps.add(
            CodeBlock.of(
                ".withResponseSchema(new $T($L, $N))",
                RESPONSE_SCHEMA,
                string(r.schemaName()),
                schemaConstant));
      }
      CodeBlock start =
          CodeBlock.of(
              "$T.forMethod($L, $L)", METHOD_PLAN, string(assistantName()), string(m.name()));
      return constant(
          METHOD_PLAN, constant, Layout.chain(declaration(METHOD_PLAN, constant), start, steps));
    }

    private FieldSpec constant(TypeName type, String name, CodeBlock initializer) {
      return FieldSpec.builder(type, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .initializer(initializer)
          .build();
    }

    /** The width of {@code private static final Type NAME = }. */
    private int declaration(TypeName type, String name) {
      return "  private static final ".length()
          + Layout.width(CodeBlock.of("$T", type))
          + 1
          + name.length()
          + " = ".length();
    }

    /**
     * A String constant: on the declaration's line when it fits, else a concatenation on the lines
     * below, cut at {@code breaks} so no line is longer than {@link Layout#COLUMNS}.
     */
    private FieldSpec stringConstant(String name, String text, StringLiterals.Breaks breaks) {
      TypeName type = ClassName.get(String.class);
      int declaration = declaration(type, name);
      if (declaration + StringLiterals.width(text) + 1 <= Layout.COLUMNS) {
        return constant(type, name, string(text));
      }
      CodeBlock literal =
          StringLiterals.wrapped(text, Layout.COLUMNS - 6 - 1, Layout.COLUMNS - 10 - 1, breaks);
      return constant(type, name, CodeBlock.of("$>$>\n$L$<$<", literal));
    }

    /** {@code Outer.Inner}: the interface's name without its package, for messages. */
    private String assistantName() {
      String qualified = model.element().getQualifiedName().toString();
      return model.packageName().isEmpty()
          ? qualified
          : qualified.substring(model.packageName().length() + 1);
    }

    /**
     * The constant holding {@code o}, shared by every method with the same options: {@code OPTIONS}
     * for the first, then named after the plan that needs them first ({@code WINE_OPTIONS}).
     */
    private CodeBlock options(OptionsModel o, String firstPlan) {
      String constant = optionsConstants.get(o);
      if (constant == null) {
        constant =
            classNames.newName(optionsConstants.isEmpty() ? "OPTIONS" : firstPlan + "_OPTIONS");
        optionsConstants.put(o, constant);
        options.add(
            constant(
                OPTIONS,
                constant,
                Layout.chain(
                    declaration(OPTIONS, constant),
                    CodeBlock.of("$T.DEFAULTS", OPTIONS),
                    optionSteps(o))));
      }
      return CodeBlock.of("$N", constant);
    }

    /** {@code .withTemperature(0.2)} and so on, one step per option the annotation sets. */
    private List<CodeBlock> optionSteps(OptionsModel o) {
      List<CodeBlock> steps = new ArrayList<>();
      if (o.temperature() != null) {
        steps.add(CodeBlock.of(".withTemperature($L)", o.temperature().toString()));
      }
      if (o.topP() != null) {
        steps.add(CodeBlock.of(".withTopP($L)", o.topP().toString()));
      }
      if (o.maxTokens() != null) {
        steps.add(CodeBlock.of(".withMaxTokens($L)", o.maxTokens().toString()));
      }
      if (!o.stop().isEmpty()) {
        steps.add(
            CodeBlock.of(
                ".withStop($T.of($L))",
                List.class,
                o.stop().stream().map(AssistantWriter::string).collect(CodeBlock.joining(", "))));
      }
      if (o.seed() != null) {
        steps.add(CodeBlock.of(".withSeed($LL)", o.seed()));
      }
      if (o.timeout() != null) {
        steps.add(CodeBlock.of(".withTimeout($L)", duration(o.timeout())));
      }
      if (o.reasoningEffort() != null) {
        steps.add(
            CodeBlock.of(
                ".withReasoningEffort($T.$L)",
                REASONING_EFFORT,
                o.reasoningEffort().toUpperCase(java.util.Locale.ROOT)));
      }
      if (o.reasoningBudgetTokens() != null) {
        steps.add(CodeBlock.of(".withReasoningBudgetTokens($L)", o.reasoningBudgetTokens()));
      }
      if (o.promptCache() != null) {
        steps.add(
            CodeBlock.of(
                ".withPromptCache($T.$L)", PROMPT_CACHE, promptCacheConstant(o.promptCache())));
      }
      return steps;
    }

    /** {@code PromptCache}'s constant for {@code @Options(promptCache)}'s text. */
    private static String promptCacheConstant(String text) {
      return switch (text) {
        case "off" -> "OFF";
        case "5m" -> "FIVE_MINUTES";
        case "1h" -> "ONE_HOUR";
        default -> throw new IllegalArgumentException("unchecked prompt cache " + text);
      };
    }

    /** The shortest readable factory call; amounts past the int range are long literals. */
    private CodeBlock duration(Duration d) {
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
      TypeName valueType = TypeName.get(r.valueType()).box();
      TypeName decoderType = ParameterizedTypeName.get(REPLY_DECODER, valueType);
      // the type arguments spare javac the inference (see DecoderWriter.generic)
      CodeBlock json;
      if (r.shape() instanceof Shape.ObjectRef) {
        // a method reference to the record's decoder, not a lambda calling it
        json =
            CodeBlock.of(
                "$T.<$T>jsonObject($L)",
                REPLY_DECODER,
                valueType,
                decoders.elementDecoder(r.shape(), locals));
      } else if (r.shape() instanceof Shape.EnumType e) {
        json =
            CodeBlock.of(
                "$T.<$T>jsonEnum($T.class)", REPLY_DECODER, valueType, TypeName.get(e.type()));
      } else if (SchemaWriter.isObject(r.shape())) {
        String node = locals.newName("node");
        CodeBlock body =
            decoders.decode(r.shape(), CodeBlock.of("$N", node), CodeBlock.of("$S", "$"), locals);
        json = CodeBlock.of("$T.<$T>json($N ->$W$L)", REPLY_DECODER, valueType, node, body);
      } else if (r.shape() instanceof Shape.OptionalOf) {
        String node = locals.newName("node");
        CodeBlock body =
            decoders.property(
                r.shape(), "value", CodeBlock.of("$N", node), CodeBlock.of("$S", "$"), locals);
        json = CodeBlock.of("$T.<$T>json($N ->$W$L)", REPLY_DECODER, valueType, node, body);
      } else {
        // not an object: structured output wraps it as {"value": ...}
        json =
            CodeBlock.of(
                "$T.<$T>jsonValue($L)",
                REPLY_DECODER,
                valueType,
                decoders.elementDecoder(r.shape(), locals));
      }
      replyDecoders.add(
          constant(
              decoderType,
              decoderConstant,
              Layout.chain(declaration(decoderType, decoderConstant), json, List.of())));
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
        prompts.add(stringConstant(constant, text, StringLiterals.Breaks.PROSE));
      }
      return constantRef(constant, parameterNames);
    }

    /** String concatenation of a template; it always starts with a String operand. */
    private CodeBlock render(ResolvedTemplate rendered) {
      List<CodeBlock> parts = new ArrayList<>();
      for (ResolvedTemplate.Piece piece : rendered.pieces()) {
        if (piece instanceof ResolvedTemplate.Text t) {
          // JavaPoet may wrap between the pieces, so none is longer than most of a line
          for (String text :
              StringLiterals.split(
                  t.text(), TEMPLATE_PIECE, TEMPLATE_PIECE, StringLiterals.Breaks.PROSE)) {
            parts.add(string(text));
          }
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
        toolDefinitions.add(
            constant(
                TOOL_DEFINITION,
                constant,
                CodeBlock.of(
                    "$>$>\nnew $T(\n$>$>$L,\n$L,\n$L)$<$<$<$<",
                    TOOL_DEFINITION,
                    argument(t.name(), StringLiterals.Breaks.PROSE, 1),
                    argument(t.description(), StringLiterals.Breaks.PROSE, 1),
                    argument(t.schemaJson(), StringLiterals.Breaks.JSON, 2))));
        String invoker = classNames.newName("invoke" + capitalize(t.name()), "invoke:" + constant);
        toolMethods.add(invoker(s, t, invoker, owner));
        CodeBlock lambda =
            t.isStatic()
                ? CodeBlock.of("arguments -> $N(arguments)", invoker)
                : CodeBlock.of("arguments -> $N(target, arguments)", invoker);
        CodeBlock tool = CodeBlock.of("new $T($N, $L)", GENERATED_TOOL, constant, lambda);
        tools.add(
            BODY + CONTINUATION + Layout.width(tool) + 1 <= Layout.COLUMNS
                ? tool
                : CodeBlock.of("new $T(\n$>$>$N, $L)$<$<", GENERATED_TOOL, constant, lambda));
      }
      f.addStatement(
          "return $T.of(\n$L)", TOOLBOX, tools.stream().collect(CodeBlock.joining(",\n")));
      toolMethods.add(0, f.build());
    }

    /** A literal as an argument on a line of its own, followed by {@code trailing} characters. */
    private static CodeBlock argument(String text, StringLiterals.Breaks breaks, int trailing) {
      return StringLiterals.wrapped(
          text, Layout.COLUMNS - 10 - trailing, Layout.COLUMNS - 14 - trailing, breaks);
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
              .returns(String.class);
      if (!t.element().getThrownTypes().isEmpty()) {
        // the tool's own exceptions; decoding the arguments throws none that is checked
        b.addException(Exception.class);
      }
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
                  p.shape(), p.name(), CodeBlock.of("$N", json), CodeBlock.of("$S", "$"), locals));
        }
      }
      String method = t.element().getSimpleName().toString();
      CodeBlock call = CodeBlock.of("$L.$N($L)", receiver, method, CodeBlock.join(args, ", "));
      int around =
          switch (t.result()) {
            case VOID -> ";".length();
            case STRING -> "return ;".length();
            case JSON -> "return Json.write();".length();
          };
      if (!args.isEmpty() && BODY + around + Layout.width(call) > Layout.COLUMNS) {
        call = CodeBlock.of("$L.$N(\n$L)", receiver, method, CodeBlock.join(args, ",\n"));
      }
      switch (t.result()) {
        case VOID -> b.addStatement("$L", call).addStatement("return $S", "ok");
        case STRING -> b.addStatement("return $L", call);
        case JSON -> b.addStatement("return $T.write($L)", JSON, call);
      }
      return b.build();
    }
  }

  /** The indentation of a statement in a method body. */
  private static final int BODY = 4;

  /** The indentation a statement's continuation lines add. */
  private static final int CONTINUATION = 4;

  /** The longest piece of template text between two places JavaPoet may wrap a prompt. */
  private static final int TEMPLATE_PIECE = 60;

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
          "Message",
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

  /** A string literal for any text (see {@link StringLiterals#of}). */
  static CodeBlock string(String text) {
    return StringLiterals.of(text);
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
