package dev.majordomo.processor;

import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The compiler utilities (elements, types, source files) and the reporter that the validators and
 * writers share: what javac gives this processor, not environment variables.
 */
record ProcessingContext(Elements elements, Types types, Reporter reporter, SourceFiles sources) {
  ProcessingContext(Elements elements, Types types, Reporter reporter) {
    this(elements, types, reporter, SourceFiles.none());
  }

  Annotations annotations() {
    return new Annotations(elements);
  }

  Javadoc javadoc() {
    return new Javadoc(elements);
  }
}
