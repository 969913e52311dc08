package dev.majordomo.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.majordomo.Registry;
import dev.majordomo.health.SharedHealth;
import dev.majordomo.memory.ConversationStore;
import dev.majordomo.memory.InMemoryConversationStore;
import dev.majordomo.redis.RedisConversationStore;
import dev.majordomo.redis.RedisServer;
import dev.majordomo.redis.RedisSharedHealth;
import dev.majordomo.redis.RedisStoreException;
import dev.majordomo.spring.sample.SupportDesk;
import dev.majordomo.testing.FakeProvider;
import io.lettuce.core.RedisClient;
import io.lettuce.core.resource.ClientResources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code majordomo.redis.*}: against a throw-away redis-server. */
class MajordomoRedisAutoConfigurationTest {
  private static RedisServer redis;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  MajordomoRedisAutoConfiguration.class, MajordomoAutoConfiguration.class))
          .withBean(FakeProvider.class, FakeProvider::new)
          .withPropertyValues("majordomo.aliases.fast=fake/m");

  @BeforeAll
  static void startRedis() throws Exception {
    RedisServer.Binary binary = RedisServer.findBinary();
    Assumptions.assumeTrue(
        binary.path().isPresent() || "true".equals(System.getenv("CI")),
        () -> "skipped: needs redis-server: " + binary.whyNone());
    redis = RedisServer.start(Path.of("target", "redis"));
  }

  @AfterAll
  static void stopRedis() {
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void withoutAUrlNothingOfRedisIsCreated() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                MajordomoRedisAutoConfiguration.class, MajordomoAutoConfiguration.class))
        .withBean(FakeProvider.class, FakeProvider::new)
        .withPropertyValues("majordomo.aliases.fast=fake/m")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(RedisClient.class);
              assertThat(context).doesNotHaveBean(SharedHealth.class);
              assertThat(context).hasSingleBean(InMemoryConversationStore.class);
            });
  }

  @Test
  void anEmptyUrlIsAsIfUnset() {
    // majordomo.redis.url=${REDIS_URL:} in a shared application.yaml, REDIS_URL unset.
    runner
        .withPropertyValues("majordomo.redis.url=")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(SharedHealth.class);
              assertThat(context).hasSingleBean(InMemoryConversationStore.class);
            });
    runner
        .withPropertyValues("majordomo.redis.url= ", "majordomo.memory.store=redis")
        .run(
            context ->
                assertThat(
                        MajordomoAutoConfigurationTest.rootConfigException(
                            context.getStartupFailure()))
                    .hasMessageStartingWith("majordomo.memory.store: "));
  }

  @Test
  void aUrlSharesTheRegistrysHealthAndTheStoreKeepsConversationsInRedis() {
    redis.flushAll();
    runner
        .withPropertyValues(
            "majordomo.redis.url=" + redis.uri(),
            "majordomo.redis.key-prefix=spring-test:",
            "majordomo.memory.store=redis")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(RedisSharedHealth.class);
              assertThat(context.getBean(ConversationStore.class))
                  .isInstanceOf(RedisConversationStore.class);
              FakeProvider fake = context.getBean(FakeProvider.class);
              fake.model("m").reply("Hello Ada").reply("You said hi");
              SupportDesk desk = context.getBean(SupportDesk.class);
              desk.answer("ada", "Hi");
              desk.answer("ada", "What did I say?");
              assertThat(fake.requests("m").get(1).messages()).hasSize(3);
              assertThat((List<?>) redis.command("KEYS", "spring-test:conversation:*")).hasSize(1);
              assertThat(context.getBean(Registry.class)).isNotNull();
            });
  }

  @Test
  void sharedHealthCanBeTurnedOffAndTheStoreStaysInMemoryUnlessAskedFor() {
    runner
        .withPropertyValues(
            "majordomo.redis.url=" + redis.uri(), "majordomo.redis.health.enabled=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(SharedHealth.class);
              assertThat(context).hasSingleBean(InMemoryConversationStore.class);
            });
  }

  @Test
  void theRedisStoreWithoutAUrlStopsTheStartUpNamingTheProperty() {
    runner
        .withPropertyValues("majordomo.memory.store=redis")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(
                      MajordomoAutoConfigurationTest.rootConfigException(
                          context.getStartupFailure()))
                  .hasMessageStartingWith("majordomo.memory.store: ")
                  .hasMessageContaining("majordomo.redis.url");
            });
  }

  @Test
  void aMalformedUrlStopsTheStartUpNamingThePropertyAndNotThePassword() {
    runner
        .withPropertyValues(
            "majordomo.redis.url=http://:" + MajordomoAutoConfigurationTest.CANARY + "@host:6379")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(
                      MajordomoAutoConfigurationTest.rootConfigException(
                          context.getStartupFailure()))
                  .hasMessageStartingWith("majordomo.redis.url: ");
              MajordomoAutoConfigurationTest.assertNoCanary(context.getStartupFailure());
            });
  }

  @Test
  void theApplicationsOwnRedisClientStillInjectsByType() {
    // An application with a RedisClient bean of its own injects it by type; adding
    // majordomo.redis.url must not make that injection ambiguous.
    runner
        .withBean(
            "redisClient",
            RedisClient.class,
            () -> RedisClient.create(redis.uri()),
            definition -> definition.setDestroyMethodName("shutdown"))
        .withBean(UsesRedisClient.class)
        .withPropertyValues("majordomo.redis.url=" + redis.uri())
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(UsesRedisClient.class).client)
                  .isSameAs(context.getBean("redisClient"));
              assertThat(context.getBean(RedisSharedHealth.class)).isNotNull();
              assertThat(context.getBean("majordomoRedisClient"))
                  .isNotSameAs(context.getBean("redisClient"));
            });
  }

  /** An application bean that takes the application's RedisClient by type. */
  static final class UsesRedisClient {
    final RedisClient client;

    UsesRedisClient(RedisClient client) {
      this.client = client;
    }
  }

  @Test
  void theStoresTimeoutBoundsItsFirstCallWhileRedisHangs() {
    // The store borrows the starter's client: connecting through it must not wait for Lettuce's
    // default timeouts (10 s to connect, 60 s for the handshake) but for the store's own.
    redis.flushAll();
    runner
        .withPropertyValues(
            "majordomo.redis.url=" + redis.uri(),
            "majordomo.redis.health.enabled=false",
            "majordomo.memory.store=redis",
            "majordomo.memory.redis.timeout=500ms")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              ConversationStore store = context.getBean(ConversationStore.class);
              redis.freeze();
              try {
                long started = System.nanoTime();
                assertThatThrownBy(
                        () ->
                            assertTimeoutPreemptively(
                                Duration.ofSeconds(8), () -> store.load("ada", 10)))
                    .isInstanceOf(RedisStoreException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isLessThan(Duration.ofSeconds(5));
              } finally {
                redis.thaw();
              }
              // Redis answers again: so does the store.
              assertThat(store.load("ada", 10)).isEmpty();
            });
  }

  @Test
  void theStartersClientReconnectsWithinASecondAndIsShutDownWithItsResources() {
    ClientResources[] resources = new ClientResources[1];
    runner
        .withPropertyValues("majordomo.redis.url=" + redis.uri())
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              resources[0] =
                  context.getBean("majordomoRedisClient", RedisClient.class).getResources();
              // Lettuce's default lets attempts grow 30 s apart while Redis is away.
              assertThat(resources[0].reconnectDelay().createDelay(64))
                  .isLessThanOrEqualTo(Duration.ofSeconds(1));
              assertThat(resources[0].eventExecutorGroup().isShutdown()).isFalse();
            });
    // Resources given to a Lettuce client outlive its shutdown unless shut down too.
    assertThat(resources[0].eventExecutorGroup().isShutdown()).isTrue();
  }

  @Test
  void onShutdownTheRegistryGoesFirstAndTheClientLast() {
    List<String> destroyed = new CopyOnWriteArrayList<>();
    runner
        .withPropertyValues("majordomo.redis.url=" + redis.uri(), "majordomo.memory.store=redis")
        .withInitializer(
            context ->
                context
                    .getBeanFactory()
                    .addBeanPostProcessor(
                        new DestructionAwareBeanPostProcessor() {
                          @Override
                          public void postProcessBeforeDestruction(Object bean, String name) {
                            destroyed.add(name);
                          }
                        }))
        .run(context -> assertThat(context).hasNotFailed());
    // The registry closes the shared health it started; the store and the health close their
    // connections; only then is the client they borrow shut down.
    assertThat(destroyed)
        .containsSubsequence("majordomoRegistry", "majordomoSharedHealth", "majordomoRedisClient")
        .containsSubsequence("majordomoConversationStore", "majordomoRedisClient");
  }

  @Test
  void theSharedHealthIsClosedWithTheContext() {
    RedisSharedHealth[] health = new RedisSharedHealth[1];
    runner
        .withPropertyValues("majordomo.redis.url=" + redis.uri())
        .run(context -> health[0] = context.getBean(RedisSharedHealth.class));
    assertThat(health[0].isConnected()).isFalse();
  }
}
