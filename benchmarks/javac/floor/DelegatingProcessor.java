package floor;

import java.io.IOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.ElementFilter;

/**
 * The floor of B6: the least an annotation processor that writes one implementation class per
 * {@code @Llm} interface can generate. Each abstract method becomes one line handing its arguments
 * to {@link Dispatch}; no prompt, plan, schema, decoder or tool is written, and nothing is
 * validated. Source written as text, without JavaPoet. Not a working implementation: what it costs
 * javac is what any processor of this design costs at the least.
 */
@SupportedAnnotationTypes("dev.majordomo.annotations.Llm")
public final class DelegatingProcessor extends AbstractProcessor {
  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (TypeElement annotation : annotations) {
      for (Element element : round.getElementsAnnotatedWith(annotation)) {
        write((TypeElement) element);
      }
    }
    return false;
  }

  private void write(TypeElement type) {
    String pkg = ((PackageElement) type.getEnclosingElement()).getQualifiedName().toString();
    String name = "Majordomo_" + type.getSimpleName();
    StringBuilder out = new StringBuilder();
    out.append("package ").append(pkg).append(";\n\n");
    out.append("@SuppressWarnings(\"unchecked\")\n");
    out.append("final class ").append(name).append(" implements ")
        .append(type.getQualifiedName()).append(" {\n");
    int index = 0;
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (!method.getModifiers().contains(Modifier.ABSTRACT)) {
        continue;
      }
      out.append("  @Override\n  public ").append(method.getReturnType()).append(' ')
          .append(method.getSimpleName()).append('(');
      StringBuilder args = new StringBuilder();
      for (VariableElement parameter : method.getParameters()) {
        if (args.length() > 0) {
          out.append(", ");
          args.append(", ");
        }
        out.append(parameter.asType()).append(' ').append(parameter.getSimpleName());
        args.append(parameter.getSimpleName());
      }
      out.append(") {\n    ");
      String call = "floor.Dispatch.call(" + index++ + (args.length() > 0 ? ", " + args : "") + ")";
      if (method.getReturnType().getKind() == TypeKind.VOID) {
        out.append(call).append(";\n  }\n");
      } else {
        out.append("return (").append(method.getReturnType()).append(") ").append(call)
            .append(";\n  }\n");
      }
    }
    out.append("}\n");
    try (Writer writer = processingEnv.getFiler()
        .createSourceFile(pkg + "." + name, type).openWriter()) {
      writer.write(out.toString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
