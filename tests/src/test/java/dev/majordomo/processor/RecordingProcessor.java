package dev.majordomo.processor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.Completion;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.FileObject;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;

/**
 * Wraps a processor and records, for each source file and resource it creates, the originating
 * elements it passed to the {@link Filer}: what Gradle's incremental modes rely on.
 */
final class RecordingProcessor implements Processor {
  private final Processor delegate;
  private final boolean refuseResources;
  private final Map<String, String> options;
  private final Map<String, List<String>> originating = new LinkedHashMap<>();
  private final Map<String, List<String>> resources = new LinkedHashMap<>();

  RecordingProcessor(Processor delegate) {
    this(delegate, false);
  }

  /** With {@code refuseResources}, creating a resource fails as on a read-only class output. */
  RecordingProcessor(Processor delegate, boolean refuseResources) {
    this(delegate, refuseResources, Map.of());
  }

  /** With {@code options} added to the compiler's {@code -A} options. */
  RecordingProcessor(Processor delegate, boolean refuseResources, Map<String, String> options) {
    this.delegate = delegate;
    this.refuseResources = refuseResources;
    this.options = Map.copyOf(options);
  }

  /** Source files: qualified name → originating elements. */
  Map<String, List<String>> originating() {
    return originating;
  }

  /** Resources: relative name → originating elements. */
  Map<String, List<String>> resources() {
    return resources;
  }

  @Override
  public void init(ProcessingEnvironment env) {
    delegate.init(new Env(env));
  }

  @Override
  public Set<String> getSupportedOptions() {
    return delegate.getSupportedOptions();
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return delegate.getSupportedAnnotationTypes();
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return delegate.getSupportedSourceVersion();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    return delegate.process(annotations, round);
  }

  @Override
  public Iterable<? extends Completion> getCompletions(
      Element element, AnnotationMirror annotation, ExecutableElement member, String userText) {
    return delegate.getCompletions(element, annotation, member, userText);
  }

  private static List<String> names(Element... elements) {
    List<String> names = new ArrayList<>();
    for (Element e : elements) {
      names.add(((TypeElement) e).getQualifiedName().toString());
    }
    return names;
  }

  private final class Env implements ProcessingEnvironment {
    private final ProcessingEnvironment env;

    Env(ProcessingEnvironment env) {
      this.env = env;
    }

    @Override
    public Map<String, String> getOptions() {
      Map<String, String> all = new LinkedHashMap<>(env.getOptions());
      all.putAll(options);
      return all;
    }

    @Override
    public Messager getMessager() {
      return env.getMessager();
    }

    @Override
    public Filer getFiler() {
      Filer filer = env.getFiler();
      return new Filer() {
        @Override
        public JavaFileObject createSourceFile(CharSequence name, Element... elements)
            throws IOException {
          originating.put(name.toString(), names(elements));
          return filer.createSourceFile(name, elements);
        }

        @Override
        public JavaFileObject createClassFile(CharSequence name, Element... elements)
            throws IOException {
          throw new AssertionError("the processor writes no class files");
        }

        @Override
        public FileObject createResource(
            JavaFileManager.Location location,
            CharSequence moduleAndPkg,
            CharSequence relativeName,
            Element... elements)
            throws IOException {
          if (refuseResources) {
            throw new IOException("Read-only file system");
          }
          resources.put(relativeName.toString(), names(elements));
          return filer.createResource(location, moduleAndPkg, relativeName, elements);
        }

        @Override
        public FileObject getResource(
            JavaFileManager.Location location, CharSequence moduleAndPkg, CharSequence relativeName)
            throws IOException {
          return filer.getResource(location, moduleAndPkg, relativeName);
        }
      };
    }

    @Override
    public Elements getElementUtils() {
      return env.getElementUtils();
    }

    @Override
    public Types getTypeUtils() {
      return env.getTypeUtils();
    }

    @Override
    public SourceVersion getSourceVersion() {
      return env.getSourceVersion();
    }

    @Override
    public Locale getLocale() {
      return env.getLocale();
    }
  }
}
