package dev.majordomo.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.AssistantIndex;
import dev.majordomo.spring.sample.Translator;
import dev.majordomo.testing.FakeProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Assistant beans from the index ({@link AssistantIndex}, whose format the runtime tests): several
 * resources, and lines that cannot be served.
 */
class AssistantBeanRegistrarTest {
  @Test
  void aSecondInterfaceOfTheSameSimpleNameIsNamedByItsBinaryNameAndAStaleLineIsSkipped(
      @TempDir Path jar) throws IOException {
    Path index = jar.resolve(AssistantIndex.RESOURCE);
    Files.createDirectories(index.getParent());
    Files.writeString(
        index,
        "dev.majordomo.spring.sample.other.Translator\ncom.acme.RemovedSinceTheJarWasBuilt\n",
        StandardCharsets.UTF_8);
    ClassLoader loader =
        new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader());

    new ApplicationContextRunner()
        .withClassLoader(loader)
        .withConfiguration(AutoConfigurations.of(MajordomoAutoConfiguration.class))
        .withBean(FakeProvider.class, FakeProvider::new)
        .withPropertyValues("majordomo.aliases.fast=fake/m")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean("translator")).isInstanceOf(Translator.class);
              assertThat(context.getBean("dev.majordomo.spring.sample.other.Translator"))
                  .isInstanceOf(dev.majordomo.spring.sample.other.Translator.class);
            });
  }
}
