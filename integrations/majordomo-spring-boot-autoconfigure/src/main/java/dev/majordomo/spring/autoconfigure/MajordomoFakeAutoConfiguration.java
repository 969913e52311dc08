package dev.majordomo.spring.autoconfigure;

import dev.majordomo.Registry;
import dev.majordomo.testing.FakeProvider;
import dev.majordomo.testing.FakeTimeSource;
import java.util.List;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;

/**
 * The registry of an application's tests, imported by {@code @AutoConfigureMajordomoFake} and never
 * by itself: the same properties and beans as {@link MajordomoAutoConfiguration}'s, but the only
 * provider is a {@link FakeProvider} bean, the clock is a {@link FakeTimeSource} bean, every
 * configured alias and model {@code NAME} plays the script of {@code fake.model("NAME")}, and
 * {@code LLM_*} variables come from the test's properties only, never from the machine.
 */
@AutoConfiguration(before = MajordomoAutoConfiguration.class)
@ConditionalOnClass(FakeProvider.class)
@EnableConfigurationProperties(MajordomoProperties.class)
public final class MajordomoFakeAutoConfiguration {

  /** Created by Spring. */
  public MajordomoFakeAutoConfiguration() {}

  /** {@return the fake provider the tests script} */
  @Bean
  @ConditionalOnMissingBean
  public FakeProvider majordomoFakeProvider() {
    return new FakeProvider();
  }

  /** {@return the clock of the registry's health and backoff, stopped until a test advances it} */
  @Bean
  @ConditionalOnMissingBean
  public FakeTimeSource majordomoFakeTime() {
    return new FakeTimeSource();
  }

  /**
   * The registry on the fake provider and clock: primary, and created even when the application
   * defines a registry of its own, so that a test never runs on the application's real models (its
   * registry is still created, but nothing of Majordomo's injects it).
   *
   * @param properties the {@code majordomo.*} properties
   * @param beans the application's Majordomo beans
   * @param fake the fake provider
   * @param time the fake clock
   * @param environment the test's properties, for {@code LLM_*} variables
   * @param majordomoFakeChainCheck resolves the configured chains as the context starts
   * @return the registry
   */
  @Bean
  @Primary
  Registry majordomoFakeRegistry(
      MajordomoProperties properties,
      BeanFactory beans,
      FakeProvider fake,
      FakeTimeSource time,
      Environment environment,
      @Qualifier("majordomoFakeChainCheck") ConfiguredChainCheck majordomoFakeChainCheck) {
    return RegistryAssembly.build(
        properties,
        beans,
        new RegistryAssembly.Mode(
            false, List.of(fake), time, RegistryAssembly.variables(environment, false), true),
        majordomoFakeChainCheck);
  }

  /** {@return the check that the fake registry's configured chains resolve} */
  @Bean
  @Lazy(false)
  ConfiguredChainCheck majordomoFakeChainCheck() {
    return new ConfiguredChainCheck();
  }
}
