package dev.majordomo.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationListener;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.mock.env.MockEnvironment;

/** The background loading of Majordomo's classes: registered, skipped when excluded, complete. */
class MajordomoPreinitializerTest {
  @Test
  void isAnApplicationListenerOfTheStarter() {
    assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(ApplicationListener.class))
        .hasAtLeastOneElementOfType(MajordomoPreinitializer.class);
  }

  @Test
  void namesTheAutoConfigurationItLooksForInTheExclusions() {
    assertThat(MajordomoPreinitializer.AUTO_CONFIGURATION)
        .isEqualTo(MajordomoAutoConfiguration.class.getName());
  }

  @Test
  void runsUnlessTheAutoConfigurationIsExcluded() {
    assertThat(MajordomoPreinitializer.enabled(new MockEnvironment(), 2)).isTrue();
    assertThat(
            MajordomoPreinitializer.enabled(
                new MockEnvironment()
                    .withProperty(
                        "spring.autoconfigure.exclude",
                        "com.acme.Other," + MajordomoAutoConfiguration.class.getName()),
                2))
        .isFalse();
    assertThat(
            MajordomoPreinitializer.enabled(
                new MockEnvironment()
                    .withProperty("spring.autoconfigure.exclude[0]", "com.acme.Other")
                    .withProperty(
                        "spring.autoconfigure.exclude[1]",
                        MajordomoAutoConfiguration.class.getName()),
                2))
        .isFalse();
  }

  @Test
  void leavesMalformedExclusionsToSpringBoot() {
    // An index that skips [0] does not bind: Spring Boot reports it, this listener does nothing.
    assertThat(
            MajordomoPreinitializer.enabled(
                new MockEnvironment().withProperty("spring.autoconfigure.exclude[1]", "x"), 2))
        .isFalse();
  }

  @Test
  void followsSpringBootsSwitchesForBackgroundWork() {
    assertThat(MajordomoPreinitializer.enabled(new MockEnvironment(), 1)).isFalse();
    String before = System.getProperty(MajordomoPreinitializer.IGNORE_PROPERTY);
    System.setProperty(MajordomoPreinitializer.IGNORE_PROPERTY, "true");
    try {
      assertThat(MajordomoPreinitializer.enabled(new MockEnvironment(), 2)).isFalse();
    } finally {
      if (before == null) {
        System.clearProperty(MajordomoPreinitializer.IGNORE_PROPERTY);
      } else {
        System.setProperty(MajordomoPreinitializer.IGNORE_PROPERTY, before);
      }
    }
  }

  @Test
  void loadsEverythingItMeansToWithoutFailing() {
    // The test class path has an assistant index (the sample application's): every step runs.
    assertThat(MajordomoPreinitializer.preinitialize(getClass().getClassLoader())).isNull();
  }
}
