package dev.majordomo.internal.grammar;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The name of the class the processor generates for an assistant: {@code pkg.Outer.Inner} becomes
 * {@code pkg.Majordomo_Outer_Inner}, in the assistant's package. The processor writes it and the
 * runtime loads it by this one rule.
 */
public final class GeneratedClassNames {
  /** What every generated class name starts with. */
  public static final String PREFIX = "Majordomo_";

  private GeneratedClassNames() {}

  /**
   * {@code Majordomo_Outer_Inner} for the simple names {@code [Outer, Inner]}, outermost first.
   *
   * @param nesting the simple names, outermost first
   * @return the generated class's simple name
   * @throws IllegalArgumentException if {@code nesting} is empty
   */
  public static String simpleName(List<String> nesting) {
    if (nesting.isEmpty()) {
      throw new IllegalArgumentException("an assistant has a simple name");
    }
    return PREFIX + String.join("_", nesting);
  }

  /**
   * {@code pkg.Majordomo_Outer_Inner}, or the simple name alone in the unnamed package ({@code
   * packageName} empty).
   *
   * @param packageName the package, empty for the unnamed one
   * @param nesting the simple names, outermost first
   * @return the generated class's qualified name
   */
  public static String qualifiedName(String packageName, List<String> nesting) {
    String simple = simpleName(nesting);
    return packageName.isEmpty() ? simple : packageName + "." + simple;
  }

  /**
   * {@code pkg.Majordomo_Outer_Inner} for the assistant interface {@code type} at run time.
   *
   * @param type the assistant interface
   * @return the generated class's qualified name
   */
  public static String qualifiedName(Class<?> type) {
    Deque<String> nesting = new ArrayDeque<>();
    for (Class<?> c = type; c != null; c = c.getDeclaringClass()) {
      nesting.addFirst(c.getSimpleName());
    }
    return qualifiedName(type.getPackageName(), List.copyOf(nesting));
  }
}
