package dev.majordomo.processor;

import java.util.List;

/** A resolved template: literal text and references to parameters (through accessors). */
record ResolvedTemplate(List<Piece> pieces) {
  ResolvedTemplate {
    pieces = List.copyOf(pieces);
  }

  sealed interface Piece {}

  record Text(String text) implements Piece {}

  /** {@code parameter.accessors[0]().accessors[1]()}. */
  record Value(String parameter, List<String> accessors) implements Piece {
    Value {
      accessors = List.copyOf(accessors);
    }
  }

  boolean isConstant() {
    return pieces.stream().allMatch(Text.class::isInstance);
  }

  /** The text of a constant template. */
  String constantText() {
    StringBuilder s = new StringBuilder();
    for (Piece p : pieces) {
      s.append(((Text) p).text());
    }
    return s.toString();
  }
}
