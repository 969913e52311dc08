package dev.majordomo.spring.autoconfigure;

import dev.majordomo.ConfigException;
import dev.majordomo.health.SharedHealth;
import dev.majordomo.memory.ConversationStore;
import dev.majordomo.redis.RedisConversationStore;
import dev.majordomo.redis.RedisSharedHealth;
import dev.majordomo.time.TimeSource;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Redis shared by the application's instances, when {@code majordomo-redis} is on the class path
 * and {@code majordomo.redis.url} is set (an empty value counts as unset): one Lettuce client, the
 * registry's health shared through it (unless {@code majordomo.redis.health.enabled=false}), and
 * the conversation store when {@code majordomo.memory.store=redis}. Each bean backs off when the
 * application defines its own; see {@code docs/scaling-out.md}.
 */
@AutoConfiguration(before = MajordomoAutoConfiguration.class)
@ConditionalOnClass({RedisSharedHealth.class, RedisClient.class})
@Conditional(OnRedisUrlCondition.class)
@EnableConfigurationProperties(MajordomoProperties.class)
@Import(MajordomoRedisAutoConfiguration.RedisStoreConfiguration.class)
public final class MajordomoRedisAutoConfiguration {

  /** Created by Spring. */
  public MajordomoRedisAutoConfiguration() {}

  /**
   * The client that the shared health and the store connect through; shut down with the context,
   * after them. It connects on first use, so the application starts while Redis is down. It is
   * injected only where asked for by name, so that an application's own {@code RedisClient} bean
   * still injects by type. Its options are those of majordomo-redis's own clients: commands are
   * refused at once while Redis is away rather than queued, connecting waits at most the store's
   * timeout, and it reconnects within a second of Redis's return (Lettuce's defaults: a queue, 10 s
   * to connect, 60 s for the handshake, reconnection attempts up to 30 s apart).
   */
  @Bean(destroyMethod = "shutdown", defaultCandidate = false)
  @ConditionalOnMissingBean(name = "majordomoRedisClient")
  RedisClient majordomoRedisClient(MajordomoProperties properties) {
    String url = properties.getRedis().getUrl();
    RedisURI uri;
    try {
      uri = RedisURI.create(url);
    } catch (RuntimeException e) {
      // Lettuce's message may quote the URI, password included: only its kind is kept.
      throw new ConfigException(
          "majordomo.redis.url",
          "not a Redis URI (redis://[:password@]host[:port][/database] or rediss://...): "
              + e.getClass().getSimpleName());
    }
    Duration timeout = properties.getMemory().getRedis().getTimeout();
    if (timeout == null) {
      timeout = RedisConversationStore.DEFAULT_TIMEOUT;
    }
    uri.setTimeout(timeout);
    ClientResources resources =
        ClientResources.builder()
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
            .build();
    RedisClient client = new MajordomoRedisClient(resources, uri);
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
            // Each connection's own timeout: the store's and the shared health's.
            .timeoutOptions(TimeoutOptions.enabled())
            .build());
    return client;
  }

  /**
   * The registry's health, shared with every instance that uses the same server and key prefix.
   *
   * @param majordomoRedisClient the Redis client
   * @param properties the {@code majordomo.*} properties
   * @param time the application's clock, if it has a {@code TimeSource} bean: the registry's, which
   *     dates a {@code Retry-After}
   * @return the shared health, which the registry starts and closes
   */
  @Bean
  @ConditionalOnMissingBean(SharedHealth.class)
  @ConditionalOnBooleanProperty(name = "majordomo.redis.health.enabled", matchIfMissing = true)
  RedisSharedHealth majordomoSharedHealth(
      @Qualifier("majordomoRedisClient") RedisClient majordomoRedisClient,
      MajordomoProperties properties,
      ObjectProvider<TimeSource> time) {
    MajordomoProperties.Redis redis = properties.getRedis();
    RedisSharedHealth.Builder builder = RedisSharedHealth.builder(majordomoRedisClient);
    time.ifUnique(builder::time);
    RegistryAssembly.checked(
        "majordomo.redis.key-prefix", () -> builder.keyPrefix(redis.getKeyPrefix()));
    if (redis.getHealth().getFailureWindow() != null) {
      RegistryAssembly.checked(
          "majordomo.redis.health.failure-window",
          () -> builder.failureWindow(redis.getHealth().getFailureWindow()));
    }
    if (redis.getHealth().getTimeout() != null) {
      RegistryAssembly.checked(
          "majordomo.redis.health.timeout", () -> builder.timeout(redis.getHealth().getTimeout()));
    }
    return builder.build();
  }

  /** Conversations in Redis. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnStoreType(MajordomoProperties.StoreType.REDIS)
  static class RedisStoreConfiguration {
    @Bean
    @ConditionalOnMissingBean(ConversationStore.class)
    RedisConversationStore majordomoConversationStore(
        @Qualifier("majordomoRedisClient") RedisClient majordomoRedisClient,
        MajordomoProperties properties) {
      MajordomoProperties.RedisMemory memory = properties.getMemory().getRedis();
      RedisConversationStore.Builder builder = RedisConversationStore.builder(majordomoRedisClient);
      RegistryAssembly.checked(
          "majordomo.redis.key-prefix",
          () -> builder.keyPrefix(properties.getRedis().getKeyPrefix()));
      if (memory.getTimeToLive() != null) {
        RegistryAssembly.checked(
            "majordomo.memory.redis.time-to-live",
            () -> builder.timeToLive(memory.getTimeToLive()));
      }
      if (memory.getTimeout() != null) {
        RegistryAssembly.checked(
            "majordomo.memory.redis.timeout", () -> builder.timeout(memory.getTimeout()));
      }
      return builder.build();
    }
  }
}
