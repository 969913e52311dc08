package dev.majordomo.processor;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;

/**
 * What only javac's tree API knows: which file a type was declared in, and annotations inside
 * method bodies and anonymous classes, which processors never see as elements. Under another
 * compiler (no tree API) both checks are skipped; everything else works as before.
 *
 * <p>Gradle and IntelliJ hand processors a wrapper of javac's environment, which the tree API
 * refuses; {@link #javac} finds javac's own environment inside it (compile-time reflection on the
 * build tool's wrapper, never anything at the user's run time).
 */
final class SourceFiles {
  private final Trees trees;

  private SourceFiles(Trees trees) {
    this.trees = trees;
  }

  static SourceFiles of(ProcessingEnvironment env) {
    try {
      return new SourceFiles(Trees.instance(javac(env)));
    } catch (RuntimeException | LinkageError e) {
      return new SourceFiles(null);
    }
  }

  /**
   * javac's own environment inside {@code env}, or {@code env} itself. A wrapper holds the real
   * environment in a field: Gradle's {@code IncrementalProcessingEnvironment} in {@code delegate},
   * IntelliJ's {@link Proxy} in a field of its invocation handler. Only fields whose value is a
   * {@link ProcessingEnvironment} are followed, a few levels deep; any failure (a security manager,
   * a module that does not open its package) leaves {@code env} as it is, and the two checks are
   * skipped as before.
   */
  static ProcessingEnvironment javac(ProcessingEnvironment env) {
    ProcessingEnvironment current = env;
    for (int depth = 0; depth < 4 && current != null && !isJavac(current); depth++) {
      Object holder =
          Proxy.isProxyClass(current.getClass()) ? Proxy.getInvocationHandler(current) : current;
      current = heldEnvironment(holder);
    }
    return current == null ? env : current;
  }

  private static boolean isJavac(ProcessingEnvironment env) {
    return env.getClass()
        .getName()
        .equals("com.sun.tools.javac.processing.JavacProcessingEnvironment");
  }

  private static ProcessingEnvironment heldEnvironment(Object holder) {
    for (Class<?> c = holder.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
          continue;
        }
        try {
          f.setAccessible(true);
          if (f.get(holder) instanceof ProcessingEnvironment held && held != holder) {
            return held;
          }
        } catch (RuntimeException | IllegalAccessException e) {
          // not ours to read: try the next field
        }
      }
    }
    return null;
  }

  static SourceFiles none() {
    return new SourceFiles(null);
  }

  /** Whether {@code type} comes from a source file of this compilation (not a class file). */
  boolean inSources(Element type) {
    return trees != null && trees.getPath(type) != null;
  }

  /**
   * The text of the source file that declares the top-level {@code type}; null when it is not from
   * a source of this compilation or cannot be read.
   */
  String text(Element type) {
    if (trees == null) {
      return null;
    }
    TreePath path = trees.getPath(type);
    JavaFileObject file = path == null ? null : path.getCompilationUnit().getSourceFile();
    if (file == null) {
      return null;
    }
    try {
      return file.getCharContent(true).toString();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The name of the file that declares the top-level {@code type} when that file is named after
   * another type (an "auxiliary class": code in other files that names it makes javac warn, {@code
   * -Xlint:auxiliaryclass}); empty otherwise.
   */
  Optional<String> auxiliaryFile(TypeElement type) {
    if (trees == null) {
      return Optional.empty();
    }
    TreePath path = trees.getPath(type);
    if (path == null) {
      return Optional.empty();
    }
    JavaFileObject file = path.getCompilationUnit().getSourceFile();
    if (file == null
        || file.getKind() != JavaFileObject.Kind.SOURCE
        || file.isNameCompatible(type.getSimpleName().toString(), JavaFileObject.Kind.SOURCE)) {
      return Optional.empty();
    }
    String name = file.toUri().getPath();
    return Optional.of(name == null ? file.getName() : name.substring(name.lastIndexOf('/') + 1));
  }

  /**
   * After javac has analysed each file, reports {@code @Llm} on interfaces and methods declared in
   * a method body, an initializer, a lambda, an anonymous class or an enum constant's body. Such
   * declarations are not elements a processor is given, so without this the annotation would be
   * ignored silently and the assistant would fail only at run time.
   */
  static void reportLocalAssistants(ProcessingEnvironment env) {
    JavacTask task;
    Trees trees;
    try {
      ProcessingEnvironment javac = javac(env);
      task = JavacTask.instance(javac);
      trees = Trees.instance(javac);
    } catch (RuntimeException | LinkageError e) {
      return;
    }
    Set<Object> scanned = new HashSet<>();
    task.addTaskListener(
        new TaskListener() {
          @Override
          public void finished(TaskEvent e) {
            CompilationUnitTree unit = e.getCompilationUnit();
            if (e.getKind() == TaskEvent.Kind.ANALYZE && unit != null && scanned.add(unit)) {
              new LocalScanner(trees, unit).scan(unit, null);
            }
          }
        });
  }

  private static final class LocalScanner extends TreePathScanner<Void, Void> {
    private final Trees trees;
    private final CompilationUnitTree unit;

    LocalScanner(Trees trees, CompilationUnitTree unit) {
      this.trees = trees;
      this.unit = unit;
    }

    @Override
    public Void visitClass(ClassTree tree, Void unused) {
      // one error per declaration: the methods of a reported interface are not reported again
      return check(tree.getModifiers(), tree.getSimpleName().toString())
          ? null
          : super.visitClass(tree, unused);
    }

    @Override
    public Void visitMethod(MethodTree tree, Void unused) {
      check(tree.getModifiers(), tree.getName() + "()");
      return super.visitMethod(tree, unused);
    }

    private boolean check(ModifiersTree modifiers, String name) {
      if (modifiers == null || !isLocal()) {
        return false;
      }
      for (AnnotationTree a : modifiers.getAnnotations()) {
        if (isLlm(a)) {
          trees.printMessage(
              Diagnostic.LOCAL_ASSISTANT.kind(),
              Diagnostic.LOCAL_ASSISTANT.format(name.isEmpty() ? "an anonymous class" : name),
              a,
              unit);
          return true;
        }
      }
      return false;
    }

    /**
     * Whether {@code a} is Majordomo's {@code @Llm}, by the element javac resolved it to (at
     * ANALYZE the tree is attributed): a user's own annotation named {@code Llm} is not, whatever
     * the imports say.
     */
    private boolean isLlm(AnnotationTree a) {
      TreePath annotation = new TreePath(getCurrentPath(), a);
      Element type = trees.getElement(new TreePath(annotation, a.getAnnotationType()));
      return type instanceof TypeElement t && t.getQualifiedName().contentEquals(Annotations.LLM);
    }

    /** Whether the current declaration is inside a body rather than a member of a named type. */
    private boolean isLocal() {
      for (TreePath p = getCurrentPath().getParentPath(); p != null; p = p.getParentPath()) {
        Tree.Kind kind = p.getLeaf().getKind();
        if (kind == Tree.Kind.BLOCK
            || kind == Tree.Kind.NEW_CLASS
            || kind == Tree.Kind.LAMBDA_EXPRESSION) {
          return true;
        }
      }
      return false;
    }
  }
}
