package dev.majordomo.processor;

import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/** The compiler utilities and the reporter that the validators share. */
record Env(Elements elements, Types types, Reporter reporter, SourceFiles sources) {
  Env(Elements elements, Types types, Reporter reporter) {
    this(elements, types, reporter, SourceFiles.none());
  }

  Annotations annotations() {
    return new Annotations(elements);
  }

  Javadoc javadoc() {
    return new Javadoc(elements);
  }
}
