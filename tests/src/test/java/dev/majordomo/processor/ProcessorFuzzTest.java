package dev.majordomo.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A seeded fuzz of the processor: random but plausible compilation units from a small grammar
 * (assistant interfaces with random names, unicode identifiers, nesting, constants, templates,
 * options, records, enums, tool classes, awkward texts). Each unit must compile warning-free under
 * {@code -Xlint:all -Werror} together with its generated code, or be rejected with a catalog
 * diagnostic ({@code [CODE]}) on one of its own files; never a {@code [PROCESSOR_FAILURE]}, never a
 * javac error or warning in generated code.
 *
 * <p>Units live in packages of their own and are compiled in batches (one javac run for many
 * units). A batch that fails is split: units with a catalog error are set aside as rejected, units
 * with only catalog warnings are compiled again without {@code -Werror} (where nothing but those
 * warnings may appear), and the rest is compiled again, until it compiles cleanly or something
 * unexplained remains. {@code -Dfuzz.seed=...} and {@code -Dfuzz.units=...} explore other units; a
 * failure names the seed that reproduces it.
 */
class ProcessorFuzzTest {
  private static final long SEED = 0x5EEDF00DL;
  private static final int UNITS = 200;
  private static final int BATCH = 100;
  private static final Pattern CODE = Pattern.compile("^\\[([A-Z_]+)\\] ");
  private static final Pattern UNIT = Pattern.compile("(?:^|/)fz/u(\\d+)/");

  @Test
  void randomUnitsCompileCleanlyOrAreRejectedWithACatalogDiagnostic() {
    long seed = seed();
    int count = Integer.getInteger("fuzz.units", UNITS);
    try {
      Random random = new Random(seed);
      List<Unit> units = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        units.add(new Generator(random, i).unit());
      }
      int compiled = 0;
      Map<String, Integer> rejections = new LinkedHashMap<>();
      for (int from = 0; from < units.size(); from += BATCH) {
        Map<Integer, Unit> batch = new LinkedHashMap<>();
        for (Unit u : units.subList(from, Math.min(units.size(), from + BATCH))) {
          batch.put(u.index(), u);
        }
        compiled += compile(batch, rejections, seed);
      }
      // the grammar must mostly produce assistants that work, or the fuzz checks little
      assertThat(compiled)
          .as("units that compiled; rejected: %s", rejections)
          .isGreaterThan(count / 3);
      assertThat(rejections).doesNotContainKey("PROCESSOR_FAILURE");
    } catch (AssertionError e) {
      String again = "-Dfuzz.seed=" + seed + " -Dfuzz.units=" + count;
      System.err.println("ProcessorFuzzTest failed; run it again with " + again);
      throw new AssertionError("fuzz failed (" + again + "): " + e.getMessage(), e);
    }
  }

  /** {@code -Dfuzz.seed} (decimal or 0x-hex) explores other units; the default keeps CI fixed. */
  private static long seed() {
    String value = System.getProperty("fuzz.seed", "").trim();
    if (value.isEmpty()) {
      return SEED;
    }
    try {
      return Long.decode(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "-Dfuzz.seed must be a long, decimal or 0x-hex, but is \"" + value + "\"", e);
    }
  }

  /**
   * Compiles {@code batch} under {@code -Xlint:all -Werror} until it succeeds; returns how many
   * units compiled. Only a catalog ERROR rejects a unit (and excuses javac's consequences of it in
   * the user's files). A catalog WARNING excuses nothing: such a unit cannot pass {@code -Werror},
   * so it is compiled again without it, where every diagnostic but its catalog warnings is a
   * defect.
   */
  private static int compile(Map<Integer, Unit> batch, Map<String, Integer> rejections, long seed) {
    Map<Integer, Unit> warned = new LinkedHashMap<>();
    int compiled = 0;
    while (!batch.isEmpty()) {
      List<JavaFileObject> files = new ArrayList<>();
      batch.values().forEach(u -> files.addAll(u.files()));
      Compilation c = Compilations.compileStrict(files.toArray(JavaFileObject[]::new));
      Set<Integer> rejected = new LinkedHashSet<>();
      Set<Integer> warnings = new LinkedHashSet<>();
      for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
        String code = catalogCode(d);
        Integer unit = unitOf(d);
        if (code == null || unit == null || isGenerated(d) || code.equals("PROCESSOR_FAILURE")) {
          continue;
        }
        if (d.getKind() == Diagnostic.Kind.ERROR) {
          rejected.add(unit);
          rejections.merge(code, 1, Integer::sum);
        } else if (isCatalogWarning(d)) {
          warnings.add(unit);
        }
      }
      warnings.removeAll(rejected);
      List<String> unexplained = new ArrayList<>();
      for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
        if (d.getKind() == Diagnostic.Kind.NOTE || isCatalogWarning(d)) {
          continue;
        }
        String code = catalogCode(d);
        Integer unit = unitOf(d);
        if (unit != null && rejected.contains(unit) && !isGenerated(d)) {
          // a catalog error, or javac's own consequence of it in the user's files (a permits
          // clause naming the class that was not generated)
          if (!"PROCESSOR_FAILURE".equals(code)) {
            continue;
          }
        }
        if (d.getSource() == null && d.getMessage(Locale.ROOT).contains("-Werror")) {
          continue; // the summary of the warnings themselves
        }
        unexplained.add(d.getKind() + " " + where(d) + ": " + d.getMessage(Locale.ROOT));
      }
      if (!unexplained.isEmpty()) {
        throw defect(unexplained, c, batch, seed);
      }
      if (c.status() == Compilation.Status.SUCCESS) {
        compiled += batch.size();
        break;
      }
      assertThat(rejected.size() + warnings.size())
          .as("a failed batch names the units it rejects or warns about (seed %s)", seed)
          .isPositive();
      rejected.forEach(batch::remove);
      warnings.forEach(u -> warned.put(u, batch.remove(u)));
    }
    return compiled + compileWarned(warned, seed);
  }

  /** Units with catalog warnings, without {@code -Werror}: nothing else may be reported. */
  private static int compileWarned(Map<Integer, Unit> warned, long seed) {
    if (warned.isEmpty()) {
      return 0;
    }
    List<JavaFileObject> files = new ArrayList<>();
    warned.values().forEach(u -> files.addAll(u.files()));
    Compilation c = Compilations.compile(files.toArray(JavaFileObject[]::new));
    List<String> unexplained = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
      if (d.getKind() != Diagnostic.Kind.NOTE && !isCatalogWarning(d)) {
        unexplained.add(d.getKind() + " " + where(d) + ": " + d.getMessage(Locale.ROOT));
      }
    }
    if (!unexplained.isEmpty() || c.status() != Compilation.Status.SUCCESS) {
      throw defect(unexplained, c, warned, seed);
    }
    return warned.size();
  }

  private static AssertionError defect(
      List<String> unexplained, Compilation c, Map<Integer, Unit> batch, long seed) {
    Set<Integer> involved = new LinkedHashSet<>();
    for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
      Integer u = unitOf(d);
      if (u != null && d.getKind() != Diagnostic.Kind.NOTE) {
        involved.add(u);
      }
    }
    StringBuilder report = new StringBuilder(String.join("\n", unexplained));
    for (Integer u : involved) {
      Unit unit = batch.get(u);
      if (unit != null) {
        report.append("\n\n").append(unit.text());
        report.append(generatedSource(c, u));
      }
    }
    return new AssertionError("fuzz found a defect (seed " + seed + "):\n" + report);
  }

  /** The catalog code a diagnostic's message starts with, or null. */
  private static String catalogCode(Diagnostic<? extends JavaFileObject> d) {
    Matcher code = CODE.matcher(d.getMessage(Locale.ROOT));
    return code.find() ? code.group(1) : null;
  }

  /** A warning of the catalog on a user's file: the processor's own, deliberate warnings. */
  private static boolean isCatalogWarning(Diagnostic<? extends JavaFileObject> d) {
    String code = catalogCode(d);
    if (code == null
        || unitOf(d) == null
        || isGenerated(d)
        || (d.getKind() != Diagnostic.Kind.WARNING
            && d.getKind() != Diagnostic.Kind.MANDATORY_WARNING)) {
      return false;
    }
    for (dev.majordomo.processor.Diagnostic entry : dev.majordomo.processor.Diagnostic.values()) {
      if (entry.name().equals(code)) {
        return entry.kind() == Diagnostic.Kind.WARNING;
      }
    }
    return false;
  }

  @Test
  void aCatalogWarningDoesNotExcuseAnotherWarningInItsUnit() {
    Map<Integer, Unit> batch = new LinkedHashMap<>();
    batch.put(900, warnedUnit(900, "  public java.util.List raw() {\n    return null;\n  }\n"));
    assertThatThrownBy(() -> compile(batch, new LinkedHashMap<>(), SEED))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("raw")
        .hasMessageContaining("seed");
  }

  @Test
  void aUnitWithOnlyACatalogWarningCompilesAndIsNotARejection() {
    Map<Integer, Unit> batch = new LinkedHashMap<>();
    batch.put(901, warnedUnit(901, ""));
    Map<String, Integer> rejections = new LinkedHashMap<>();
    assertThat(compile(batch, rejections, SEED)).isEqualTo(1);
    assertThat(rejections).isEmpty();
  }

  /** A unit whose tool has no description ({@code [TOOL_WITHOUT_DESCRIPTION]}) and {@code more}. */
  private static Unit warnedUnit(int index, String more) {
    String pkg = "fz.u" + index;
    Map<String, String> sources = new LinkedHashMap<>();
    sources.put(
        pkg + ".Agent",
        "package "
            + pkg
            + ";\n\nimport dev.majordomo.annotations.*;\n\n"
            + "@Llm(chain = \"fast\", tools = Tools.class)\n"
            + "public interface Agent {\n  String ask(String question);\n}\n");
    sources.put(
        pkg + ".Tools",
        "package "
            + pkg
            + ";\n\nimport dev.majordomo.annotations.*;\n\n"
            + "public class Tools {\n  @Tool\n  public String now() {\n    return \"\";\n  }\n"
            + more
            + "}\n");
    return new Unit(index, sources);
  }

  private static Integer unitOf(Diagnostic<? extends JavaFileObject> d) {
    if (d.getSource() == null) {
      return null;
    }
    Matcher m = UNIT.matcher(d.getSource().toUri().getPath());
    return m.find() ? Integer.valueOf(m.group(1)) : null;
  }

  private static boolean isGenerated(Diagnostic<? extends JavaFileObject> d) {
    return d.getSource() != null
        && d.getSource().toUri().getPath().contains("/Majordomo_")
        && d.getSource().toUri().getPath().contains("SOURCE_OUTPUT");
  }

  private static String where(Diagnostic<? extends JavaFileObject> d) {
    return d.getSource() == null
        ? "(no file)"
        : d.getSource().toUri().getPath() + ":" + d.getLineNumber();
  }

  private static String generatedSource(Compilation c, int unit) {
    StringBuilder out = new StringBuilder();
    if (c.status() != Compilation.Status.SUCCESS) {
      return ""; // compile-testing keeps no generated files of a failed compilation
    }
    for (JavaFileObject f : c.generatedFiles()) {
      if (f.getKind() != JavaFileObject.Kind.SOURCE) {
        continue;
      }
      if (f.toUri().getPath().contains("fz/u" + unit + "/")) {
        try {
          out.append("\n--- ").append(f.toUri().getPath()).append('\n');
          out.append(f.getCharContent(true));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return out.toString();
  }

  /** One unit: the sources of one package. */
  record Unit(int index, Map<String, String> sources) {
    List<JavaFileObject> files() {
      List<JavaFileObject> out = new ArrayList<>();
      sources.forEach((name, code) -> out.add(JavaFileObjects.forSourceString(name, code)));
      return out;
    }

    String text() {
      StringBuilder s = new StringBuilder();
      sources.forEach((name, code) -> s.append("--- ").append(name).append('\n').append(code));
      return s.toString();
    }
  }

  /** The grammar. Every choice is drawn from {@code random}, so a seed is a fixed set of units. */
  private static final class Generator {
    private static final String[] INTERFACE_NAMES = {
      "Agent", "Città", "Yield", "Outer_A", "Part", "Json", "名前", "Ünïcode", "Clone", "Runtime"
    };
    private static final String[] METHOD_NAMES = {
      "ask",
      "plan",
      "città",
      "yield",
      "map",
      "tools",
      "runtime",
      "json",
      "finalize",
      "ownTools",
      "decodeR",
      "Prompt",
      "wait_"
    };
    private static final String[] PARAMETER_NAMES = {
      "question",
      "Part",
      "Prompt",
      "città",
      "java",
      "runtime",
      "tools",
      "ASK",
      "String",
      "node",
      "Reply",
      "名前",
      "ReplyDecoder",
      "parts",
      "prompt",
      "image",
      "dev",
      "Majordomo_Agent"
    };
    private static final String[] CONSTANT_NAMES = {"Json", "Objects", "Duration", "LIMIT", "Part"};
    private static final String[] TOOL_NAMES = {
      "Clock", "Yield", "Clone", "Json", "ToString", "Città", "GetClass", "Wait", "Runtime"
    };
    private static final String[] TEXTS = {
      "Answer briefly.",
      "Line\\u2028separator",
      "Paragraph\\u2029separator",
      "emoji \\uD83D\\uDE00 and 🎉",
      "quote \\\" and backslash \\\\ and $dollar",
      "comment */ closer /* and // slashes",
      "tab\\tnew\\nline",
      "x".repeat(70) + " \\uD83D\\uDE00 " + "y".repeat(70),
      "zero\\u200Bwidth\\u202Ebidi",
      "{{ unclosed",
      "}} stray braces {",
      ""
    };
    private static final String[] TIMEOUTS = {
      "30s",
      "500ms",
      "2m",
      "1h",
      "PT1M30S",
      "2147483648ms",
      "9223372036854ms",
      "30s",
      "2m",
      "9223372036854775807m",
      "soon"
    };

    private final Random random;
    private final int index;
    private final String pkg;
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final List<String> auxiliary = new ArrayList<>();
    private final boolean hasRecord;
    private final boolean hasEnum;
    // all helper types in the interface's own file (javac's "auxiliary classes"), or each in its
    // own
    private final boolean auxiliaryTypes;

    Generator(Random random, int index) {
      this.random = random;
      this.index = index;
      this.pkg = "fz.u" + index;
      this.hasRecord = random.nextBoolean();
      this.hasEnum = random.nextInt(3) == 0;
      this.auxiliaryTypes = random.nextInt(10) == 0;
    }

    Unit unit() {
      String name = pick(INTERFACE_NAMES);
      List<String> tools = new ArrayList<>();
      if (random.nextInt(3) == 0) {
        int n = 1 + random.nextInt(2);
        for (int i = 0; i < n; i++) {
          String t = pick(TOOL_NAMES);
          if (!tools.contains(t) && !t.equals(name)) {
            tools.add(t);
            toolClass(t);
          }
        }
      }
      if (hasRecord) {
        String record =
            "public record R(String name, int score, java.util.List<String> tags"
                + (hasEnum ? ", E color" : "")
                + ") {}\n";
        typeFile("R", record);
      }
      if (hasEnum) {
        typeFile("E", "public enum E { RED, GREEN, città }\n");
      }
      int nesting = random.nextInt(4);
      String body =
          assistant(name, tools, (nesting == 0 ? "Majordomo_Outer_" : "Majordomo_") + name);
      String code;
      String file;
      if (nesting == 0) {
        // nested in a class: Outer.Name, generated as Majordomo_Outer_Name
        file = "Outer";
        code =
            header()
                + "public class Outer {\n"
                + indent(body.replace("public interface", "public interface"))
                + "}\n";
      } else {
        file = name;
        code = header() + body;
      }
      for (String a : auxiliary) {
        code += "\n" + a;
      }
      sources.put(pkg + "." + file, code);
      if (random.nextInt(12) == 0) {
        // a class of the user's that takes the generated name
        String generated = nesting == 0 ? "Majordomo_Outer_" + name : "Majordomo_" + name;
        sources.put(pkg + "." + generated, "package " + pkg + ";\nclass " + generated + " {}\n");
      }
      return new Unit(index, sources);
    }

    private String header() {
      return "package "
          + pkg
          + ";\n\nimport dev.majordomo.annotations.*;\nimport dev.majordomo.media.Image;\n\n";
    }

    private void typeFile(String simple, String code) {
      if (auxiliaryTypes) {
        auxiliary.add(code.replaceFirst("^public ", ""));
      } else {
        sources.put(pkg + "." + simple, "package " + pkg + ";\n\n" + code);
      }
    }

    private void toolClass(String t) {
      String ctor =
          random.nextInt(4) == 0 ? "  public " + t + "() throws java.io.IOException {}\n\n" : "";
      String params = random.nextBoolean() ? "String zone, int days" : "";
      if (hasRecord && random.nextBoolean()) {
        params = params.isEmpty() ? "R r" : params + ", R r";
      }
      boolean text = random.nextBoolean();
      // tool names are ASCII ([a-zA-Z0-9_-]); a non-ASCII class name keeps a plain method name
      String method = t.chars().allMatch(c -> c < 128) ? "now" + t : "now";
      String code =
          "public class "
              + t
              + " {\n"
              + ctor
              + "  @Tool(\""
              + pick(TEXTS).replace("{{", "{")
              + "\")\n"
              + "  public "
              + (text ? "String " : "int ")
              + method
              + "("
              + params
              + ") {\n    return "
              + (text ? "\"t\"" : "1")
              + ";\n  }\n"
              + (random.nextBoolean()
                  ? "\n  @Tool(\"Static.\")\n  public static String fixed"
                      + method.substring(3)
                      + "() {\n    return \"x\";\n  }\n"
                  : "")
              + "}\n";
      code = "import dev.majordomo.annotations.*;\n\n" + code;
      if (auxiliaryTypes) {
        auxiliary.add(
            code.replaceFirst("import dev.majordomo.annotations.\\*;\n\n", "")
                .replaceFirst("^public ", ""));
      } else {
        sources.put(pkg + "." + t, "package " + pkg + ";\n\n" + code);
      }
    }

    private String assistant(String name, List<String> tools, String generated) {
      StringBuilder s = new StringBuilder();
      boolean typeLlm = random.nextInt(5) != 0;
      String toolList =
          tools.isEmpty()
              ? ""
              : ", tools = {"
                  + String.join(", ", tools.stream().map(t -> t + ".class").toList())
                  + "}";
      if (typeLlm) {
        s.append("@Llm(chain = \"fast\"").append(toolList).append(")\n");
      }
      if (random.nextInt(3) == 0) {
        s.append("@SystemPrompt(\"").append(pick(TEXTS)).append("\")\n");
      }
      if (random.nextInt(4) == 0) {
        s.append(options());
      }
      boolean rawOrVarargs = random.nextInt(5) == 0;
      if (rawOrVarargs) {
        s.append("@SuppressWarnings({\"rawtypes\", \"unchecked\"})\n");
      }
      boolean sealed = random.nextInt(8) == 0;
      boolean permitsGenerated = sealed && random.nextBoolean();
      s.append(sealed ? "sealed interface " : "public interface ").append(name);
      if (permitsGenerated) {
        s.append(" permits ").append(generated); // the one way a sealed assistant works
      } else if (sealed) {
        s.append(" permits ").append(name).append(".Sub");
      }
      s.append(" {\n");
      if (sealed && !permitsGenerated) {
        s.append("  non-sealed interface Sub extends ").append(name).append(" {}\n");
      }
      Set<String> constants = new LinkedHashSet<>();
      for (int i = random.nextInt(3); i > 0; i--) {
        String c = pick(CONSTANT_NAMES);
        if (constants.add(c)) {
          s.append("  int ").append(c).append(" = ").append(i).append(";\n");
        }
      }
      Set<String> methods = new LinkedHashSet<>();
      int n = 1 + random.nextInt(3);
      for (int i = 0; i < n; i++) {
        String m = pick(METHOD_NAMES);
        if (methods.add(m)) {
          s.append(method(m, !typeLlm && i == 0, toolList, rawOrVarargs));
        }
      }
      if (random.nextInt(5) == 0) {
        s.append(
            "\n  @Tool(\"Own tool.\")\n  default String own(String x) {\n    return x;\n  }\n");
      }
      if (hasRecord && random.nextInt(6) == 0) {
        s.append("\n  record Nested(String text) {}\n");
      }
      s.append("}\n");
      return s.toString();
    }

    private String options() {
      List<String> parts = new ArrayList<>();
      if (random.nextBoolean()) {
        parts.add("temperature = " + pick(new String[] {"0.2", "1.0", "0.7", "-0.5"}));
      }
      if (random.nextInt(3) == 0) {
        parts.add("topP = " + pick(new String[] {"0.9", "1.0", "0", "1.5"}));
      }
      if (random.nextBoolean()) {
        parts.add("stop = {\"" + pick(TEXTS) + "\"}");
      }
      if (random.nextBoolean()) {
        parts.add("timeout = \"" + pick(TIMEOUTS) + "\"");
      }
      if (random.nextInt(3) == 0) {
        parts.add("maxTokens = " + pick(new String[] {"100", "2147483647", "100", "0"}));
      }
      if (random.nextInt(3) == 0) {
        parts.add("seed = " + pick(new String[] {"7", "9223372036854775807L", "-1"}));
      }
      return "@Options(" + String.join(", ", parts) + ")\n";
    }

    private String method(String name, boolean methodLlm, String toolList, boolean rawOrVarargs) {
      StringBuilder s = new StringBuilder("\n");
      if (methodLlm) {
        s.append("  @Llm(chain = \"fast\"").append(toolList).append(")\n");
      }
      if (random.nextInt(4) == 0) {
        s.append("  ").append(options());
      }
      List<String> names = new ArrayList<>();
      List<String> types = new ArrayList<>();
      int n = random.nextInt(4);
      for (int i = 0; i < n; i++) {
        String p = pick(PARAMETER_NAMES);
        if (names.contains(p)) {
          continue;
        }
        names.add(p);
        types.add(parameterType(rawOrVarargs && i == n - 1));
      }
      StringBuilder template = new StringBuilder();
      boolean prompt = random.nextInt(4) != 0;
      if (!prompt) {
        // the message is the single String parameter (images ride along)
        names.clear();
        types.clear();
        names.add(pick(PARAMETER_NAMES));
        types.add("String");
        if (random.nextBoolean() && !names.contains("image")) {
          names.add("image");
          types.add(random.nextBoolean() ? "Image" : "java.util.List<Image>");
        }
      }
      boolean file = types.contains("java.io.File");
      if (prompt) {
        template.append(pick(TEXTS).replace("{{", "{ {"));
        for (int i = 0; i < names.size(); i++) {
          boolean image = types.get(i).contains("Image");
          if (image ? random.nextInt(10) == 0 : random.nextInt(10) != 0) {
            template.append(" {{").append(names.get(i));
            if (types.get(i).equals("R") && random.nextBoolean()) {
              template.append(random.nextBoolean() ? ".name" : ".tags");
            }
            if (types.get(i).equals("java.io.File")) {
              template.append(".canonicalPath");
            }
            template.append("}}");
          }
        }
        s.append("  @Prompt(\"").append(template).append("\")\n");
      }
      s.append("  ").append(returnType()).append(' ').append(name).append('(');
      for (int i = 0; i < names.size(); i++) {
        if (i > 0) {
          s.append(", ");
        }
        s.append(types.get(i)).append(' ').append(names.get(i));
      }
      s.append(")");
      if (file ? random.nextInt(4) != 0 : random.nextInt(8) == 0) {
        s.append(" throws java.io.IOException");
      }
      s.append(";\n");
      return s.toString();
    }

    private String parameterType(boolean rawOrVarargs) {
      if (rawOrVarargs) {
        return random.nextBoolean() ? "java.util.List" : "java.util.List<String>...";
      }
      List<String> options =
          new ArrayList<>(
              List.of(
                  "String",
                  "String",
                  "int",
                  "long",
                  "double",
                  "boolean",
                  "java.util.List<String>",
                  "Image",
                  "java.util.List<Image>",
                  "java.io.File",
                  "java.util.Map<String, Integer>"));
      if (hasRecord) {
        options.add("R");
      }
      if (hasEnum) {
        options.add("E");
      }
      return pick(options.toArray(String[]::new));
    }

    private String returnType() {
      List<String> options =
          new ArrayList<>(
              List.of(
                  "String",
                  "String",
                  "int",
                  "boolean",
                  "java.util.List<String>",
                  "java.util.Map<String, Integer>",
                  "java.util.Optional<String>",
                  "dev.majordomo.Reply<String>",
                  "java.util.concurrent.CompletableFuture<String>",
                  "java.util.stream.Stream<String>",
                  "java.time.Duration",
                  "double[]"));
      if (hasRecord) {
        options.add("R");
        options.add("java.util.List<R>");
        options.add("java.util.concurrent.CompletableFuture<dev.majordomo.Reply<R>>");
      }
      if (hasEnum) {
        options.add("E");
      }
      return pick(options.toArray(String[]::new));
    }

    private String pick(String[] options) {
      return options[random.nextInt(options.length)];
    }

    private static String indent(String code) {
      return code.lines().map(l -> l.isEmpty() ? l : "  " + l).reduce("", (a, b) -> a + b + "\n");
    }
  }
}
