package dev.majordomo.spring.autoconfigure;

import dev.majordomo.AssistantIndex;
import dev.majordomo.Assistants;
import dev.majordomo.IndexedAssistant;
import dev.majordomo.MajordomoException;
import dev.majordomo.Registry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.StringUtils;

/**
 * Registers one bean per assistant of the index ({@link AssistantIndex}), without scanning: named
 * after the interface's simple name, decapitalized ({@code SupportDesk} is {@code supportDesk}), or
 * after its binary name when another bean has that name already. An interface that the application
 * already has a bean of is left alone.
 */
final class AssistantBeanRegistrar implements ImportBeanDefinitionRegistrar {
  private static final System.Logger LOG = System.getLogger(AssistantBeanRegistrar.class.getName());

  private final Environment environment;
  private final ClassLoader classLoader;
  private final BeanFactory beanFactory;

  AssistantBeanRegistrar(
      Environment environment, ClassLoader classLoader, BeanFactory beanFactory) {
    this.environment = environment;
    this.classLoader = classLoader;
    this.beanFactory = beanFactory;
  }

  @Override
  public void registerBeanDefinitions(
      AnnotationMetadata importingClassMetadata, BeanDefinitionRegistry registry) {
    // The two settings of MajordomoProperties.AssistantBeans bound one by one, to the types of its
    // fields, without the reflection of binding a JavaBean (a field added there must be added
    // here).
    Binder binder = Binder.get(environment);
    if (!binder.bind("majordomo.assistants.enabled", Bindable.of(boolean.class)).orElse(true)) {
      return;
    }
    List<String> exclude =
        binder
            .bind("majordomo.assistants.exclude", Bindable.listOf(String.class))
            .orElse(List.of());
    for (IndexedAssistant assistant : AssistantIndex.load(classLoader)) {
      String name = assistant.interfaceName();
      if (exclude.contains(name) || exclude.contains(name.replace('$', '.'))) {
        continue;
      }
      Class<?> type = load(assistant);
      if (type == null || alreadyDefined(registry, type)) {
        continue;
      }
      String beanName = StringUtils.uncapitalizeAsProperty(type.getSimpleName());
      if (registry.containsBeanDefinition(beanName)) {
        beanName = type.getName();
      }
      registry.registerBeanDefinition(beanName, definition(type, assistant));
    }
  }

  private <T> RootBeanDefinition definition(Class<T> type, IndexedAssistant assistant) {
    RootBeanDefinition definition =
        new RootBeanDefinition(type, new Creation<>(type, assistant, beanFactory, classLoader));
    definition.setDescription("Majordomo assistant " + type.getName());
    return definition;
  }

  /**
   * The assistant on the context's registry, with every tool class that has a unique bean (or a
   * primary one) taken from the context; the generated code constructs the others. Several beans of
   * a tool class and none primary fail with Spring's {@code NoUniqueBeanDefinitionException} rather
   * than quietly constructing one more instance with nothing injected.
   */
  static <T> T create(
      Class<T> type, IndexedAssistant assistant, BeanFactory beans, ClassLoader classLoader) {
    Assistants.Builder<T> builder =
        Assistants.builder(type).registry(beans.getBeanProvider(Registry.class).getObject());
    List<Object> tools = new ArrayList<>();
    for (Class<?> toolType : assistant.toolClasses(classLoader)) {
      Object tool = beans.getBeanProvider(toolType).getIfAvailable();
      if (tool != null) {
        tools.add(tool);
      }
    }
    return builder.tools(tools.toArray()).build();
  }

  /** Creates one assistant bean (a class rather than a lambda: see RegistryAssembly.build). */
  record Creation<T>(
      Class<T> type, IndexedAssistant assistant, BeanFactory beans, ClassLoader classLoader)
      implements Supplier<T> {
    @Override
    public T get() {
      return create(type, assistant, beans, classLoader);
    }
  }

  private Class<?> load(IndexedAssistant assistant) {
    try {
      return assistant.interfaceClass(classLoader);
    } catch (MajordomoException stale) {
      // A jar built before the interface was removed: the rest of the application still starts.
      LOG.log(System.Logger.Level.WARNING, stale.getMessage() + " No bean for it.");
      return null;
    }
  }

  private static boolean alreadyDefined(BeanDefinitionRegistry registry, Class<?> type) {
    return registry instanceof ListableBeanFactory beans
        && beans.getBeanNamesForType(type, true, false).length > 0;
  }
}
