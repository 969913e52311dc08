package dev.majordomo.testing;

import dev.majordomo.Assistants;
import dev.majordomo.Registry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@link MajordomoExtension} gives one test: built once per test and shared by its injection
 * points, so that the assistant a test calls and the fake it scripts are wired together.
 */
record TestFixture(
    FakeProvider fake, FakeTimeSource clock, Registry registry, Map<Class<?>, Object> assistants) {

  static TestFixture create(Map<String, String> env) {
    FakeProvider fake = new FakeProvider();
    FakeTimeSource clock = new FakeTimeSource();
    Registry registry =
        Registry.builder().withoutProviderDiscovery().provider(fake).time(clock).env(env).build();
    return new TestFixture(fake, clock, registry, new ConcurrentHashMap<>());
  }

  /** The test's one instance of {@code type}, an assistant interface, on the test's registry. */
  Object assistant(Class<?> type) {
    return assistants.computeIfAbsent(type, t -> Assistants.create(t, registry));
  }
}
