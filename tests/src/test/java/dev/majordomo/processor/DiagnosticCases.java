package dev.majordomo.processor;

import static dev.majordomo.processor.Compilations.source;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.annotation.processing.Processor;
import javax.tools.JavaFileObject;

/**
 * One source per catalog entry that triggers it, with the line (found by a marker) and the text the
 * message must contain. {@link DiagnosticCatalogTest} checks that every constant has a case.
 */
final class DiagnosticCases {
  private DiagnosticCases() {}

  /**
   * @param code the source that holds the marker, as {@code t.A}
   * @param marker text on the line the message must point at
   * @param expected text the message must contain
   * @param others other sources of the compilation
   * @param processor the processor to run
   */
  record Case(
      String code,
      String marker,
      String expected,
      List<JavaFileObject> others,
      Supplier<Processor> processor) {
    JavaFileObject file() {
      return source("t.A", code);
    }

    int line() {
      return Compilations.line(code, marker);
    }
  }

  private static Case of(String code, String marker, String expected, JavaFileObject... others) {
    return new Case(code, marker, expected, List.of(others), MajordomoProcessor::new);
  }

  private static final String HEADER =
      """
      package t;

      import dev.majordomo.annotations.*;
      import dev.majordomo.media.Image;
      import java.util.*;

      """;

  static final Map<Diagnostic, Case> CASES = new EnumMap<>(Diagnostic.class);

  static {
    CASES.put(
        Diagnostic.CHAIN_SYNTAX,
        of(
            HEADER
                + """
                @Llm(chain = "fast,,thinking")
                interface A {
                  String ask(String question);
                }
                """,
            "@Llm(chain",
            "Malformed chain \"fast,,thinking\" at index 5: empty element"));
    CASES.put(
        Diagnostic.NO_CHAIN,
        of(
            HEADER
                + """
                @Llm
                interface A {
                  String ask(String question);
                }
                """,
            "String ask",
            "A.ask() has no chain: neither its @Llm nor the @Llm of A sets chain"));
    CASES.put(
        Diagnostic.LLM_NOT_ON_INTERFACE,
        of(
            HEADER
                + """
                @Llm(chain = "fast")
                class A {}
                """,
            "@Llm(chain",
            "@Llm belongs on an interface or its methods, but A is a class"));
    CASES.put(
        Diagnostic.MISSING_LLM,
        of(
            HEADER
                + """
                interface A {
                  @Prompt("Plan a day in {{city}}.")
                  String plan(String city);
                }
                """,
            "@Prompt",
            "@Prompt on A.plan() does nothing: A is not an assistant, because neither it nor any"
                + " of its methods carries @Llm"));
    CASES.put(
        Diagnostic.INACCESSIBLE_ASSISTANT,
        of(
            HEADER
                + """
                class A {
                  @Llm(chain = "fast")
                  private interface Hidden {
                    String ask(String question);
                  }
                }
                """,
            "private interface Hidden",
            "t.A.Hidden is private"));
    CASES.put(
        Diagnostic.GENERIC_ASSISTANT,
        of(
            HEADER
                + """
                @Llm(chain = "fast")
                interface A<T> {
                  String ask(String question);
                }
                """,
            "interface A<T>",
            "Assistant interface t.A declares type parameters <T>"));
    CASES.put(
        Diagnostic.GENERIC_METHOD,
        of(
            HEADER
                + """
                @Llm(chain = "fast")
                interface A {
                  <T> String ask(String question);
                }
                """,
            "<T> String ask",
            "Assistant method A.ask() declares type parameters <T>"));
    CASES.put(
        Diagnostic.UNKNOWN_TEMPLATE_VARIABLE,
        of(
            HEADER
                + """
                @Llm(chain = "fast")
                interface A {
                  @Prompt("Plan a day in {{citty}}.")
                  String plan(String city);
                }
                """,
            "@Prompt",
            "Template variable {{citty}} names no parameter of A.plan(). Did you mean 'city'?"
                + " Parameters: 'city'."));
    CASES.put(
        Diagnostic.UNCLOSED_TEMPLATE_VARIABLE,
        of(
            HEADER
                + """
                @Llm(chain = "fast")
                interface A {
                  @Prompt("Plan a day in {{city.")
                  String plan(String city);
                }
                """,
            "@Prompt",
            "Unclosed '{{' at index 14 of the template"));
    CASES.put(
        Diagnostic.MALFORMED_TEMPLATE_VARIABLE,
        of(
            HEADER
                + """
                @Llm(chain = "fast")
                interface A {
                  @Prompt("Plan a day in {{ 1city }}.")
                  String plan(String city);
                }
                """,
            "@Prompt",
            "Malformed template variable {{1city}} at index 14"));
    CASES.put(
        Diagnostic.UNKNOWN_TEMPLATE_PROPERTY,
        of(
            HEADER
                + """
                @Llm(chain = "fast")
                interface A {
                  record Trip(String city, int days) {}

                  @Prompt("Plan {{trip.days}} days in {{trip.cty}}.")
                  String plan(Trip trip);
                }
                """,
            "@Prompt",
            "Template variable {{trip.cty}}: t.A.Trip has no record component or getter 'cty'."
                + " Did you mean 'city'? Available: 'city', 'days'."));
    CASES.put(
        Diagnostic.IMAGE_IN_TEMPLATE,
        of(
            HEADER
                + """
                @Llm(chain = "fast")
                interface A {
                  @Prompt("What is in {{photo}}?")
                  String describe(Image photo);
                }
                """,
            "@Prompt",
            "Template variable {{photo}} names an image parameter"));
    CASES.put(
        Diagnostic.UNUSED_PARAMETER,
        of(
            HEADER
                + """
                @Llm(chain = "fast")
                interface A {
                  @Prompt("Plan a day in {{city}}.")
                  String plan(
                      String city,
                      String language);
                }
                """,
            "String language",
            "Parameter 'language' of A.plan() is not used by its prompt templates"));
    CASES.put(
        Diagnostic.MISSING_PROMPT,
        of(
            HEADER
                + """
                @Llm(chain = "fast")
                interface A {
                  String plan(String city, String language);
                }
                """,
            "String plan",
            "A.plan() has no @Prompt, so it needs exactly one String parameter to send as the"
                + " message (and optionally images), but it has 2 parameters: String city, String"
                + " language."));
    CASES.put(
        Diagnostic.UNSUPPORTED_RETURN_TYPE,
        of(
            HEADER
                + """
                @Llm(chain = "fast")
                interface A {
                  Object ask(String question);
                }
                """,
            "Object ask",
            "Unsupported return type java.lang.Object of A.ask(): Object has no JSON schema"));
    CASES.put(
        Diagnostic.NOT_CONSTRUCTIBLE,
        of(
            HEADER
                + """
                @Llm(chain = "fast")
                interface A {
                  final class Result {
                    private final String text;

                    public Result(String other) {
                      this.text = other;
                    }
                  }

                  Result ask(String question);
                }
                """,
            "Result ask",
            "t.A.Result cannot be built from JSON (the return type of A.ask()): it has no public"
                + " constructor whose parameters match its fields text"));
    CASES.put(
        Diagnostic.TOOL_ON_ABSTRACT_METHOD,
        of(
            HEADER
                + """
                @Llm(chain = "fast")
                interface A {
                  @Tool("Looks a word up.")
                  String lookUp(String word);
                }
                """,
            "String lookUp",
            "@Tool on abstract method A.lookUp()"));
    CASES.put(
        Diagnostic.TOOL_WITHOUT_DESCRIPTION,
        of(
            HEADER
                + """
                @Llm(chain = "fast", tools = A.Tools.class)
                interface A {
                  String ask(String question);

                  class Tools {
                    @Tool(name = "dictionary")
                    public String lookUp(String word) {
                      return word;
                    }
                  }
                }
                """,
            "@Tool(name",
            "Tool method Tools.lookUp() has no description: its @Tool has no value and it has no"
                + " @Description or Javadoc"));
    CASES.put(
        Diagnostic.UNSUPPORTED_TOOL_PARAMETER,
        of(
            HEADER
                + """
                @Llm(chain = "fast", tools = A.Tools.class)
                interface A {
                  String ask(String question);

                  class Tools {
                    @Tool("Stores a thing.")
                    public String store(
                        Object thing) {
                      return "ok";
                    }
                  }
                }
                """,
            "Object thing",
            "Tool parameter 'thing' of Tools.store() has type java.lang.Object, which has no JSON"
                + " form: Object has no JSON schema"));
    CASES.put(
        Diagnostic.TOOL_NOT_PUBLIC,
        of(
            HEADER
                + """
                @Llm(chain = "fast", tools = A.Tools.class)
                interface A {
                  String ask(String question);

                  class Tools {
                    @Tool("Says hello.")
                    String hello(String name) {
                      return "hello " + name;
                    }
                  }
                }
                """,
            "String hello",
            "Tool method Tools.hello() is not public"));
    CASES.put(
        Diagnostic.DUPLICATE_TOOL_NAME,
        of(
            HEADER
                + """
                @Llm(chain = "fast", tools = {A.Weather.class,
                    A.Climate.class})
                interface A {
                  String ask(String question);

                  class Weather {
                    @Tool("Today's forecast.")
                    public String forecast(String city) {
                      return "sunny";
                    }
                  }

                  class Climate {
                    @Tool("Long-term forecast.")
                    public String forecast(String city) {
                      return "warming";
                    }
                  }
                }
                """,
            "A.Climate.class",
            "Two tools of A are named 'forecast': Weather.forecast() and Climate.forecast()"));
    CASES.put(
        Diagnostic.NO_TOOL_METHODS,
        of(
            HEADER
                + """
                @Llm(chain = "fast", tools = A.Helpers.class)
                interface A {
                  String ask(String question);

                  class Helpers {
                    public String help(String topic) {
                      return topic;
                    }
                  }
                }
                """,
            "@Llm(chain",
            "t.A.Helpers is listed in tools but has no @Tool method"));
    CASES.put(
        Diagnostic.INVALID_TOOL_NAME,
        of(
            HEADER
                + """
                @Llm(chain = "fast", tools = A.Tools.class)
                interface A {
                  String ask(String question);

                  class Tools {
                    @Tool(value = "Says hello.", name = "say hello")
                    public String hello(String name) {
                      return "hello " + name;
                    }
                  }
                }
                """,
            "name = \"say hello\"",
            "Tool name 'say hello' of Tools.hello() is not allowed: a tool name must match"
                + " [a-zA-Z0-9_-]{1,64}"));
    CASES.put(
        Diagnostic.INVALID_TOOL_SOURCE_NAME,
        of(
            HEADER
                + """
                @Llm(chain = "fast", toolSources = "my files")
                interface A {
                  String ask(String question);
                }
                """,
            "toolSources",
            "Tool source name 'my files' on A is not allowed: a tool source name must match"
                + " [a-zA-Z0-9_-]{1,32}, like the name the source gives itself"
                + " (ToolSource.name()). Use the source's name. Did you mean 'my-files'?"));
    CASES.put(
        Diagnostic.DUPLICATE_TOOL_SOURCE,
        of(
            HEADER
                + """
                @Llm(chain = "fast", toolSources = "files")
                interface A {
                  @Llm(toolSources = {"issues", "files"})
                  String ask(String question);
                }
                """,
            "@Llm(toolSources = {",
            "A.ask() names tool source 'files' on the method and on its interface, whose"
                + " toolSources every method uses already. Remove the second mention."));
    CASES.put(
        Diagnostic.CLOSE_WITH_ANNOTATION,
        of(
            HEADER
                + """
                @Llm(chain = "fast")
                interface A extends AutoCloseable {
                  String ask(String question);

                  @Override
                  @Prompt("Say goodbye.")
                  void close();
                }
                """,
            "@Prompt(\"Say goodbye",
            "A extends AutoCloseable, so the generated close() closes the assistant (the tool"
                + " sources given to its builder), but close() has @Prompt"));
    CASES.put(
        Diagnostic.INACCESSIBLE_TOOL_CLASS,
        of(
            HEADER
                + """
                @Llm(chain = "fast", tools = A.Box.class)
                interface A {
                  String ask(String question);

                  class Box<T> {
                    @Tool("Opens the box.")
                    public String open(String key) {
                      return key;
                    }
                  }
                }
                """,
            "@Llm(chain",
            "Tool class t.A.Box cannot be used from package t: it is generic"));
    CASES.put(
        Diagnostic.TEMPLATE_PROPERTY_THROWS,
        of(
            HEADER
                + """
                @Llm(chain = "fast")
                interface A {
                  @Prompt("Summarize {{file.canonicalPath}}.")
                  String ask(java.io.File file);
                }
                """,
            "@Prompt",
            "Template variable {{file.canonicalPath}}: File.getCanonicalPath() throws"
                + " java.io.IOException, which A.ask() does not declare"));
    CASES.put(
        Diagnostic.LOCAL_ASSISTANT,
        of(
            HEADER
                + """
                class A {
                  void run() {
                    class Local {
                      @Llm(chain = "fast")
                      interface Agent {
                        String ask(String question);
                      }
                    }
                  }
                }
                """,
            "@Llm(chain",
            "@Llm on Agent, which is declared inside a method body"));
    CASES.put(
        Diagnostic.SEALED_ASSISTANT,
        of(
            HEADER
                + """
                @Llm(chain = "fast")
                sealed interface A permits Mock {
                  String ask(String question);
                }

                final class Mock implements A {
                  public String ask(String question) {
                    return question;
                  }
                }
                """,
            "sealed interface A",
            "t.A is sealed and does not permit Majordomo_A"));
    CASES.put(
        Diagnostic.GENERATED_NAME_CLASH,
        of(
            HEADER
                + """
                @Llm(chain = "fast")
                interface A {
                  String ask(String question);
                }
                """,
            "interface A",
            "The class Majordomo generates for t.A would be Majordomo_A, but a class of that name"
                + " is already declared in the sources",
            source("t.Majordomo_A", "package t;\nclass Majordomo_A {}\n")));
    CASES.put(
        Diagnostic.STALE_GENERATED_SOURCE,
        of(
            HEADER
                + """
                @Llm(chain = "fast")
                interface A {
                  String ask(String question);
                }
                """,
            "interface A",
            "A stale t.Majordomo_A from an earlier build is among the sources: it differs from what"
                + " Majordomo generates for t.A now",
            source(
                "t.Majordomo_A",
                """
                package t;

                @javax.annotation.processing.Generated("dev.majordomo.processor.MajordomoProcessor")
                final class Majordomo_A implements A {
                  public String ask(String question) {
                    return question;
                  }
                }
                """)));
    CASES.put(
        Diagnostic.OBJECT_METHOD_NAME,
        of(
            HEADER
                + """
                @Llm(chain = "fast")
                interface A {
                  String finalize();
                }
                """,
            "String finalize",
            "Assistant method A.finalize() has the signature of Object.finalize()"));
    CASES.put(
        Diagnostic.INACCESSIBLE_TYPE,
        of(
            HEADER
                + """
                class A {
                  private record Place(String name) {}

                  @Llm(chain = "fast")
                  interface Agent {
                    @Prompt("Describe {{place}}.")
                    String ask(Place place);
                  }
                }
                """,
            "String ask(Place place)",
            "Parameter 'place' of Agent.ask() uses type t.A.Place, which the generated class in"
                + " package t cannot name: Place is private"));
    CASES.put(
        Diagnostic.AUXILIARY_TYPE,
        of(
            HEADER
                + """
                @Llm(chain = "fast")
                interface A {
                  Answer ask(String question);
                }

                record Answer(String text) {}
                """,
            "Answer ask",
            "A.ask() uses t.Answer, which is declared in A.java, a file named after another type"));
    CASES.put(
        Diagnostic.INVALID_OPTION,
        of(
            HEADER
                + """
                @Llm(chain = "fast")
                interface A {
                  @Options(temperature = -0.5)
                  String ask(String question);
                }
                """,
            "@Options",
            "Invalid @Options temperature: it must be a finite number >= 0, was -0.5"));
    CASES.put(
        Diagnostic.DUPLICATE_MEMORY_ID,
        of(
            HEADER
                + """
                @Llm(chain = "fast")
                interface A {
                  @Prompt("{{question}}")
                  String answer(
                      @MemoryId String customer,
                      @MemoryId String ticket,
                      String question);
                }
                """,
            "@MemoryId String ticket",
            "A.answer() has @MemoryId on parameters 'customer' and 'ticket', but a call continues"
                + " one conversation. Remove @MemoryId from 'ticket'."));
    CASES.put(
        Diagnostic.UNSUPPORTED_MEMORY_ID_TYPE,
        of(
            HEADER
                + """
                @Llm(chain = "fast")
                interface A {
                  @Prompt("{{question}}")
                  String answer(
                      @MemoryId Customer customer,
                      String question);

                  record Customer(String id, String name) {}
                }
                """,
            "@MemoryId Customer",
            "@MemoryId parameter 'customer' of A.answer() has type t.A.Customer, which cannot name"
                + " a conversation: the conversation is found again by the id's text, so it must be"
                + " a value whose text never changes. Supported: String, UUID, long or Long, int or"
                + " Integer, an enum. Did you mean to take its id() instead, passing"
                + " customer.id()?"));
    CASES.put(
        Diagnostic.MEMORY_ID_ON_EVENT_STREAM,
        of(
            HEADER
                + """
                import dev.majordomo.llm.ResponseStream;

                @Llm(chain = "fast")
                interface A {
                  @Prompt("{{question}}")
                  ResponseStream answer(
                      @MemoryId String customer,
                      String question);
                }
                """,
            "@MemoryId String customer",
            "@MemoryId on A.answer(), which returns ResponseStream: raw events leave the tool calls"
                + " to the caller, so the conversation's history could not hold their results."));
    CASES.put(
        Diagnostic.MISPLACED_MEMORY_ID,
        of(
            HEADER
                + """
                @Llm(chain = "fast")
                interface A {
                  String answer(String question);

                  @Tool("Looks up an order.")
                  default String order(
                      @MemoryId String customer) {
                    return customer;
                  }
                }
                """,
            "@MemoryId String customer",
            "@MemoryId on parameter 'customer' of A.order() does nothing: it is a @Tool method,"
                + " whose arguments the model chooses. Remove it;"));
    CASES.put(
        Diagnostic.CONVERSATIONS_WITHOUT_MEMORY_ID,
        of(
            HEADER
                + """
                @Llm(chain = "fast")
                interface A extends dev.majordomo.Conversations {
                  String answer(String question);
                }
                """,
            "interface A",
            "A extends Conversations, but none of its methods has a @MemoryId parameter, so no"
                + " call is remembered and history() is always empty."));
    CASES.put(
        Diagnostic.CONVERSATIONS_RETURN_TYPE,
        of(
            HEADER
                + """
                @Llm(chain = "fast")
                interface A extends dev.majordomo.Conversations {
                  String answer(@MemoryId String customer, String question);

                  @Override
                  ArrayList<dev.majordomo.llm.Message> history(Object customer);
                }
                """,
            "ArrayList<dev.majordomo.llm.Message> history",
            "A.history() redeclares a method of Conversations to return"
                + " java.util.ArrayList<dev.majordomo.llm.Message>, but the generated class returns"
                + " what the runtime gives: java.util.List<dev.majordomo.llm.Message>."));
    CASES.put(
        Diagnostic.INVALID_INDEX_OPTION,
        new Case(
            HEADER
                + """
                @Llm(chain = "fast")
                interface A {
                  String ask(String question);
                }
                """,
            "interface A",
            "-Amajordomo.index=off is neither true nor false.",
            List.of(),
            () ->
                new RecordingProcessor(
                    new MajordomoProcessor(), false, Map.of("majordomo.index", "off"))));
    CASES.put(
        Diagnostic.INDEX_NOT_WRITTEN,
        new Case(
            HEADER
                + """
                @Llm(chain = "fast")
                interface A {
                  String ask(String question);
                }
                """,
            "interface A",
            "Majordomo could not write META-INF/majordomo/assistants, the index of the assistants"
                + " this module generated, to the class output: java.io.IOException: Read-only file"
                + " system.",
            List.of(),
            () -> new RecordingProcessor(new MajordomoProcessor(), true)));
    CASES.put(
        Diagnostic.PROCESSOR_FAILURE,
        new Case(
            HEADER
                + """
                @Llm(chain = "fast")
                interface A {
                  String ask(String question);
                }
                """,
            "interface A",
            "The Majordomo processor failed on t.A: java.lang.IllegalStateException: boom",
            List.of(),
            failingProcessor()));
  }

  /** A processor that throws while working on each interface, as a bug would. */
  static Supplier<Processor> failingProcessor() {
    return () ->
        new MajordomoProcessor(
            type -> {
              throw new IllegalStateException("boom");
            });
  }
}
