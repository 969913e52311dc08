package dev.majordomo.spring.autoconfigure;

import dev.majordomo.ConfigException;
import dev.majordomo.jdbc.JdbcConversationStore;
import dev.majordomo.memory.ConversationStore;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The JDBC conversation store over the application's {@link DataSource}, with its table created at
 * start-up as {@code majordomo.memory.jdbc.initialize-schema} says.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({JdbcConversationStore.class, EmbeddedDatabaseConnection.class})
@ConditionalOnStoreType(MajordomoProperties.StoreType.JDBC)
class JdbcConversationStoreConfiguration {

  @Bean
  @ConditionalOnMissingBean(ConversationStore.class)
  JdbcConversationStore majordomoConversationStore(
      ObjectProvider<DataSource> dataSources, MajordomoProperties properties) {
    DataSource dataSource = dataSources.getIfUnique();
    if (dataSource == null) {
      throw new ConfigException(
          "majordomo.memory.store",
          "jdbc needs one DataSource bean (or a primary one), and the context has "
              + (dataSources.stream().findAny().isPresent() ? "several" : "none"));
    }
    MajordomoProperties.Jdbc jdbc = properties.getMemory().getJdbc();
    JdbcConversationStore store;
    try {
      store = new JdbcConversationStore(dataSource, jdbc.getTable());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("majordomo.memory.jdbc.table", e.getMessage(), e);
    }
    boolean create =
        switch (jdbc.getInitializeSchema()) {
          case ALWAYS -> true;
          case EMBEDDED -> EmbeddedDatabaseConnection.isEmbedded(dataSource);
          case NEVER -> false;
        };
    if (create) {
      store.createSchema();
    }
    return store;
  }
}
