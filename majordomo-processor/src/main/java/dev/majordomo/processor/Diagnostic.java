package dev.majordomo.processor;

import java.util.Locale;
import javax.tools.Diagnostic.Kind;

/**
 * Every message the processor can print, with its kind. All reporting goes through this catalog
 * (see {@link Reporter}); {@code docs/compile-errors.md} documents each constant with an example.
 * Templates use {@link String#format} placeholders.
 */
enum Diagnostic {
  CHAIN_SYNTAX(
      Kind.ERROR,
      "Malformed chain \"%s\" at index %d: %s. Write a comma-separated list of names"
          + " (fast,thinking) or scheme/model-id references (openai/gpt-4o-mini).\n%s"),
  NO_CHAIN(
      Kind.ERROR,
      "%s has no chain: neither its @Llm nor the @Llm of %s sets chain. Add @Llm(chain ="
          + " \"...\") to the method or to the interface."),
  LLM_NOT_ON_INTERFACE(
      Kind.ERROR,
      "@Llm belongs on an interface or its methods, but %s is %s. Declare an interface;"
          + " Majordomo generates its implementation."),
  MISSING_LLM(Kind.ERROR, "@%s on %s does nothing: %s. Add @Llm(chain = \"...\") to %s."),
  INACCESSIBLE_ASSISTANT(
      Kind.ERROR,
      "%s is private, so the generated implementation cannot implement it. Make it package-private"
          + " or public."),
  GENERIC_ASSISTANT(
      Kind.ERROR,
      "Assistant interface %s declares type parameters <%s>. Majordomo needs concrete types for"
          + " prompts and schemas: remove the type parameters."),
  GENERIC_METHOD(
      Kind.ERROR,
      "%s declares type parameters <%s>. Majordomo needs concrete types to generate its code and"
          + " schema: remove the type parameters and use concrete types."),
  UNKNOWN_TEMPLATE_VARIABLE(
      Kind.ERROR, "Template variable {{%s}} names no parameter of %s.%s Parameters: %s."),
  UNCLOSED_TEMPLATE_VARIABLE(
      Kind.ERROR,
      "Unclosed '{{' at index %d of the template, at \"%s\". Close the variable with '}}'."),
  MALFORMED_TEMPLATE_VARIABLE(
      Kind.ERROR,
      "Malformed template variable {{%s}} at index %d: write {{name}} for a parameter or"
          + " {{name.component}} for a record component or getter of one."),
  UNKNOWN_TEMPLATE_PROPERTY(
      Kind.ERROR,
      "Template variable {{%s}}: %s has no record component or getter '%s'.%s Available: %s."),
  TEMPLATE_PROPERTY_THROWS(
      Kind.ERROR,
      "Template variable {{%s}}: %s throws %s, which %s does not declare, and the generated"
          + " method calls it. Add the exception to the method's throws clause, or read a"
          + " property that does not throw."),
  IMAGE_IN_TEMPLATE(
      Kind.ERROR,
      "Template variable {{%s}} names an image parameter. Images are sent as image parts, not"
          + " text: remove the variable from the template."),
  UNUSED_PARAMETER(
      Kind.WARNING,
      "Parameter '%s' of %s is not used by its prompt templates, so the model never sees it."
          + " Reference it as {{%s}} or remove it."),
  MISSING_PROMPT(
      Kind.ERROR,
      "%s has no @Prompt, so it needs exactly one String parameter to send as the message (and"
          + " optionally images), but it has %s. Add @Prompt(\"... {{name}} ...\") or take a"
          + " single String."),
  UNSUPPORTED_RETURN_TYPE(
      Kind.ERROR,
      "Unsupported return type %s of %s: %s. Supported: String; a record, a class with a"
          + " public all-args constructor, an enum, boolean or a number (or their boxes),"
          + " java.time values, List/Set/arrays and Map<String, V> of those, Optional<T>;"
          + " Reply<T> of those; CompletableFuture<T> or CompletableFuture<Reply<T>>;"
          + " Stream<String>; ResponseStream."),
  NOT_CONSTRUCTIBLE(
      Kind.ERROR,
      "%s cannot be built from JSON (%s): %s. Use a record, or give the class a public"
          + " constructor whose parameters are named after its fields."),
  TOOL_ON_ABSTRACT_METHOD(
      Kind.ERROR,
      "@Tool on abstract method %s: a tool needs a body to run. Make it a default method, or move"
          + " it to a tool class named in @Llm(tools = ...)."),
  UNSUPPORTED_TOOL_PARAMETER(
      Kind.ERROR,
      "Tool parameter '%s' of %s has type %s, which has no JSON form: %s. Supported: String,"
          + " primitives and their boxes, enums, records and classes with a public all-args"
          + " constructor, List/Set/arrays, Map<String, V>, Optional<T>, java.time values."),
  TOOL_WITHOUT_DESCRIPTION(
      Kind.WARNING,
      "Tool method %s has no description: its @Tool has no value and it has no @Description or"
          + " Javadoc (Javadoc is read only from sources compiled in the same build), so the model"
          + " knows it by its name '%s' alone. Add @Tool(\"what it does\") or"
          + " @Description(\"...\")."),
  TOOL_NOT_PUBLIC(
      Kind.ERROR,
      "Tool method %s is not public, so generated code cannot call it. Make it public."),
  DUPLICATE_TOOL_NAME(
      Kind.ERROR,
      "Two tools of %s are named '%s': %s and %s. Rename one with @Tool(name = \"...\")."),
  NO_TOOL_METHODS(
      Kind.ERROR,
      "%s is listed in tools but has no @Tool method. Annotate its tool methods with @Tool or"
          + " remove it from tools."),
  INVALID_TOOL_NAME(
      Kind.ERROR,
      "Tool name '%s' of %s is not allowed: a tool name must match [a-zA-Z0-9_-]{1,64}. Set a"
          + " valid one with @Tool(name = \"...\")."),
  INACCESSIBLE_TOOL_CLASS(
      Kind.ERROR,
      "Tool class %s cannot be used from package %s: %s. Make it public (or package-private in"
          + " the same package) and not generic."),
  INVALID_TOOL_SOURCE_NAME(
      Kind.ERROR,
      "Tool source name '%s' on %s is not allowed: a tool source name must match"
          + " [a-zA-Z0-9_-]{1,32}, like the name the source gives itself (ToolSource.name())."
          + " Use the source's name.%s"),
  DUPLICATE_TOOL_SOURCE(Kind.ERROR, "%s names tool source '%s' %s. Remove the second mention."),
  CLOSE_WITH_ANNOTATION(
      Kind.ERROR,
      "%s extends AutoCloseable, so the generated close() closes the assistant (the tool sources"
          + " given to its builder), but close() has @%s, as if it called a model. Remove the"
          + " annotation, or give the method that calls a model another name."),
  INVALID_OPTION(
      Kind.ERROR, "Invalid %s: %s. Fix the value, or remove it to leave the option unset."),
  LOCAL_ASSISTANT(
      Kind.ERROR,
      "@Llm on %s, which is declared inside a method body, an initializer, a lambda, an"
          + " anonymous class or an enum constant's body: no generated class can implement or"
          + " reach it there. Declare the interface at the top level or as a member of a named"
          + " class."),
  SEALED_ASSISTANT(
      Kind.ERROR,
      "%s is sealed and does not permit %s, the class Majordomo generates for it. Add %s to its"
          + " permits clause, or remove sealed."),
  GENERATED_NAME_CLASH(
      Kind.ERROR, "The class Majordomo generates for %s would be %s, but %s. Rename one of them."),
  STALE_GENERATED_SOURCE(
      Kind.ERROR,
      "A stale %s from an earlier build is among the sources: it differs from what Majordomo"
          + " generates for %s now, and compiling it would ship the old prompts and options."
          + " Remove it from the sources: run a clean build (mvn clean)."),
  OBJECT_METHOD_NAME(
      Kind.ERROR,
      "Assistant method %s has the signature of Object.%s(), which the generated class inherits"
          + " with a meaning of its own (finalize() runs when the garbage collector reclaims the"
          + " object; clone() copies it). Rename the method."),
  INACCESSIBLE_TYPE(
      Kind.ERROR,
      "%s uses type %s, which the generated class in package %s cannot name: %s. Make it"
          + " package-private or public, or use another type."),
  AUXILIARY_TYPE(
      Kind.ERROR,
      "%s uses %s, which is declared in %s, a file named after another type; javac warns"
          + " (auxiliaryclass) whenever code in another file, such as the generated class, names"
          + " it. Declare %s in its own file, or nest it in the interface."),
  DUPLICATE_MEMORY_ID(
      Kind.ERROR,
      "%s has @MemoryId on parameters '%s' and '%s', but a call continues one conversation."
          + " Remove @MemoryId from '%s'."),
  UNSUPPORTED_MEMORY_ID_TYPE(
      Kind.ERROR,
      "@MemoryId parameter '%s' of %s has type %s, which cannot name a conversation: the"
          + " conversation is found again by the id's text, so it must be a value whose text never"
          + " changes. Supported: String, UUID, long or Long, int or Integer, an enum.%s"),
  MEMORY_ID_ON_EVENT_STREAM(
      Kind.ERROR,
      "@MemoryId on %s, which returns ResponseStream: raw events leave the tool calls to the"
          + " caller, so the conversation's history could not hold their results. Return"
          + " Stream<String> or a value instead, or remove @MemoryId."),
  MISPLACED_MEMORY_ID(
      Kind.ERROR,
      "@MemoryId on parameter '%s' of %s does nothing: %s. Remove it; it belongs on a parameter"
          + " of an abstract method of an assistant interface."),
  CONVERSATIONS_WITHOUT_MEMORY_ID(
      Kind.WARNING,
      "%s extends Conversations, but none of its methods has a @MemoryId parameter, so no call is"
          + " remembered and history() is always empty. Add @MemoryId to the parameter that names"
          + " the conversation, or remove Conversations from the interface's supertypes."),
  CONVERSATIONS_RETURN_TYPE(
      Kind.ERROR,
      "%s redeclares a method of Conversations to return %s, but the generated class returns what"
          + " the runtime gives: %s. Declare the return type %s, or remove the redeclaration."),
  INVALID_INDEX_OPTION(
      Kind.ERROR,
      "-Amajordomo.index=%s is neither true nor false. Write -Amajordomo.index=false to leave out"
          + " the index of generated assistants, or remove the option to write it."),
  INDEX_NOT_WRITTEN(
      Kind.ERROR,
      "Majordomo could not write %s, the index of the assistants this module generated, to the"
          + " class output: %s. Without it, a framework that reads the index (the Spring Boot"
          + " starter) does not find them. Fix the class output folder (its permissions, the free"
          + " space), or set -Amajordomo.index=false when nothing needs the index."),
  PROCESSOR_FAILURE(
      Kind.ERROR,
      "The Majordomo processor failed on %s: %s. This is a bug in Majordomo: please report it"
          + " with this message.");

  private final Kind kind;
  private final String template;

  Diagnostic(Kind kind, String template) {
    this.kind = kind;
    this.template = template;
  }

  Kind kind() {
    return kind;
  }

  String template() {
    return template;
  }

  /** The message with its arguments; it starts with the constant's name so users can look it up. */
  String format(Object... args) {
    return "[" + name() + "] " + String.format(Locale.ROOT, template, args);
  }
}
