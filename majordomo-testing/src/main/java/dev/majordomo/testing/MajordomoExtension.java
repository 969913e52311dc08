package dev.majordomo.testing;

import dev.majordomo.Registry;
import dev.majordomo.internal.grammar.GeneratedClassNames;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The extension behind {@link MajordomoTest}: one {@link TestFixture} per test, kept in the test's
 * own store (so parallel tests never share one), handed to parameters and null fields.
 */
final class MajordomoExtension implements ParameterResolver, BeforeEachCallback, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(MajordomoExtension.class);

  /** The fields this extension set for the current test, to clear after it. */
  private record InjectedField(Object instance, Field field) {}

  private static final class InjectedFields extends ArrayList<InjectedField> {
    private static final long serialVersionUID = 1L;
  }

  /** Constructors see the test's context, so that they share its fixture under per-method life. */
  @Override
  public ExtensionContextScope getTestInstantiationExtensionContextScope(
      ExtensionContext rootContext) {
    return ExtensionContextScope.TEST_METHOD;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return injectable(parameter.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (context.getTestMethod().isEmpty()) {
      throw new ParameterResolutionException(
          "@MajordomoTest gives each test its own "
              + type.getSimpleName()
              + ", so it cannot be injected into "
              + parameter.getDeclaringExecutable()
              + ", which runs outside any test: declare it on a test, @BeforeEach or @AfterEach"
              + " method, or as a field");
    }
    return valueOf(type, fixture(context));
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IllegalAccessException {
    TestFixture fixture = fixture(context);
    InjectedFields injected = new InjectedFields();
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      for (Field field :
          ReflectionSupport.findFields(
              instance.getClass(),
              MajordomoExtension::injectableField,
              HierarchyTraversalMode.TOP_DOWN)) {
        refuseSharedField(context, field);
        field.setAccessible(true);
        if (field.get(instance) == null) {
          field.set(instance, valueOf(field.getType(), fixture));
          injected.add(new InjectedField(instance, field));
        }
      }
    }
    context.getStore(NAMESPACE).put(InjectedFields.class, injected);
  }

  @Override
  public void afterEach(ExtensionContext context) throws IllegalAccessException {
    InjectedFields injected =
        context.getStore(NAMESPACE).remove(InjectedFields.class, InjectedFields.class);
    if (injected != null) {
      for (InjectedField f : injected) {
        f.field().set(f.instance(), null);
      }
    }
  }

  /**
   * Concurrent tests of one per-class instance would share its fields: a test would find another
   * one's fixture there (the field is not null, so it keeps it) and lose it when that test clears
   * it. Parameters are per test.
   */
  private static void refuseSharedField(ExtensionContext context, Field field) {
    boolean perClass =
        context.getTestInstanceLifecycle().orElse(TestInstance.Lifecycle.PER_METHOD)
            == TestInstance.Lifecycle.PER_CLASS;
    boolean parallel =
        context
            .getConfigurationParameter("junit.jupiter.execution.parallel.enabled", Boolean::valueOf)
            .orElse(false);
    if (perClass && parallel && context.getExecutionMode() == ExecutionMode.CONCURRENT) {
      throw new ExtensionConfigurationException(
          "@MajordomoTest cannot inject the field "
              + field.getDeclaringClass().getName()
              + "."
              + field.getName()
              + ": the tests of this per-class instance run concurrently and would share it;"
              + " declare it as a parameter of the test, @BeforeEach or @AfterEach method instead");
    }
  }

  private static boolean injectableField(Field field) {
    int modifiers = field.getModifiers();
    return !Modifier.isStatic(modifiers)
        && !Modifier.isFinal(modifiers)
        && injectable(field.getType());
  }

  private static boolean injectable(Class<?> type) {
    return type == FakeProvider.class
        || type == FakeTimeSource.class
        || type == Registry.class
        || isAssistant(type);
  }

  private static Object valueOf(Class<?> type, TestFixture fixture) {
    if (type == FakeProvider.class) {
      return fixture.fake();
    }
    if (type == FakeTimeSource.class) {
      return fixture.clock();
    }
    if (type == Registry.class) {
      return fixture.registry();
    }
    return fixture.assistant(type);
  }

  private static TestFixture fixture(ExtensionContext context) {
    return context
        .getStore(NAMESPACE)
        .computeIfAbsent(
            TestFixture.class, k -> TestFixture.create(env(context)), TestFixture.class);
  }

  /**
   * Whether the processor generated an implementation of {@code type}. {@code @Llm} is not kept at
   * run time, so its generated class is the sign; the name follows the processor's rule ({@code
   * pkg.Outer.Inner} is implemented by {@code pkg.Majordomo_Outer_Inner}).
   */
  static boolean isAssistant(Class<?> type) {
    if (!type.isInterface() || type.isAnnotation()) {
      return false;
    }
    String name = GeneratedClassNames.qualifiedName(type);
    try {
      Class<?> generated = Class.forName(name, false, type.getClassLoader());
      return type.isAssignableFrom(generated);
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * The env entries of the nearest {@code @MajordomoTest}: the test class's, else an outer one's.
   */
  private static Map<String, String> env(ExtensionContext context) {
    List<Class<?>> classes = new ArrayList<>();
    classes.add(context.getRequiredTestClass());
    List<Class<?>> enclosing = new ArrayList<>(context.getEnclosingTestClasses());
    Collections.reverse(enclosing);
    classes.addAll(enclosing);
    for (Class<?> type : classes) {
      Optional<MajordomoTest> annotation =
          AnnotationSupport.findAnnotation(type, MajordomoTest.class);
      if (annotation.isPresent()) {
        return parseEnv(type, annotation.get().env());
      }
    }
    return Map.of();
  }

  /**
   * {@code NAME=VALUE} entries as a map. Errors name the entry by position and name only: a value
   * may hold a token.
   */
  static Map<String, String> parseEnv(Class<?> testClass, String[] entries) {
    Map<String, String> env = new LinkedHashMap<>();
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i];
      int equals = entry.indexOf('=');
      String where = "@MajordomoTest(env) on " + testClass.getName() + ": entry " + (i + 1);
      if (equals <= 0 || entry.substring(0, equals).isBlank()) {
        throw new ExtensionConfigurationException(
            where + " is not NAME=VALUE (for example \"LLM_FAST=fake/fast\")");
      }
      String name = entry.substring(0, equals).strip();
      if (env.put(name, entry.substring(equals + 1).strip()) != null) {
        throw new ExtensionConfigurationException(where + " sets " + name + " a second time");
      }
    }
    return Map.copyOf(env);
  }
}
