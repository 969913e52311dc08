package dev.majordomo.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.jdbc.JdbcConversationStore;
import dev.majordomo.jdbc.PostgresCluster;
import dev.majordomo.memory.ConversationStore;
import dev.majordomo.spring.sample.SupportDesk;
import dev.majordomo.testing.FakeProvider;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** {@code majordomo.memory.store=jdbc}: on H2 (embedded) and on a throw-away PostgreSQL. */
class JdbcConversationStoreConfigurationTest {
  private static PostgresCluster postgres;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(MajordomoAutoConfiguration.class))
          .withBean(FakeProvider.class, FakeProvider::new)
          .withPropertyValues("majordomo.memory.store=jdbc", "majordomo.aliases.fast=fake/m");

  @AfterAll
  static void stopPostgres() {
    if (postgres != null) {
      postgres.close();
    }
  }

  private static DataSource h2() {
    return new DriverManagerDataSource(
        "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
  }

  @Test
  void onAnEmbeddedDatabaseTheTableIsCreatedAndConversationsAreKeptThere() {
    DataSource h2 = h2();
    runner
        .withBean(DataSource.class, () -> h2)
        .run(
            context -> {
              assertThat(context).hasSingleBean(JdbcConversationStore.class);
              FakeProvider fake = context.getBean(FakeProvider.class);
              fake.model("m").reply("Hello Ada").reply("You asked about A-1");
              SupportDesk desk = context.getBean(SupportDesk.class);
              desk.answer("ada", "Hi");
              desk.answer("ada", "What did I ask?");
              assertThat(fake.requests("m").get(1).messages()).hasSize(3);
              assertThat(rows(h2, "majordomo_messages")).isEqualTo(4);
            });
  }

  @Test
  void neverLeavesTheSchemaToAMigrationTool() {
    DataSource h2 = h2();
    runner
        .withPropertyValues(
            "majordomo.memory.jdbc.initialize-schema=never", "majordomo.memory.jdbc.table=chat")
        .withBean(DataSource.class, () -> h2)
        .run(
            context -> {
              assertThat(context.getBean(JdbcConversationStore.class).table()).isEqualTo("chat");
              assertThat(tableExists(h2, "CHAT")).isFalse();
            });
  }

  @Test
  void withoutADataSourceTheStartUpStopsSayingWhy() {
    runner.run(
        context -> {
          assertThat(context).hasFailed();
          assertThat(
                  MajordomoAutoConfigurationTest.rootConfigException(context.getStartupFailure()))
              .hasMessageStartingWith("majordomo.memory.store: jdbc needs one DataSource bean");
        });
  }

  @Test
  void withoutMajordomoJdbcTheStartUpStopsSayingWhy() {
    runner
        .withClassLoader(new FilteredClassLoader(JdbcConversationStore.class))
        .withBean(DataSource.class, JdbcConversationStoreConfigurationTest::h2)
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(
                      MajordomoAutoConfigurationTest.rootConfigException(
                          context.getStartupFailure()))
                  .hasMessageContaining("majordomo-jdbc");
            });
  }

  @Test
  void onPostgresqlTheEmbeddedDefaultCreatesNothingAndAlwaysCreatesTheTable() throws Exception {
    PostgresCluster.Binaries binaries = PostgresCluster.findBinaries();
    Assumptions.assumeTrue(
        binaries.folder().isPresent() || "true".equals(System.getenv("CI")),
        () -> "skipped: needs PostgreSQL: " + binaries.whyNone());
    if (postgres == null) {
      postgres = PostgresCluster.start(Path.of("target", "postgres"));
    }
    DataSource pg = postgres.dataSource();
    String table = "spring_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    runner
        .withPropertyValues("majordomo.memory.jdbc.table=" + table)
        .withBean(DataSource.class, () -> pg)
        .run(context -> assertThat(tableExists(pg, table)).isFalse());
    runner
        .withPropertyValues(
            "majordomo.memory.jdbc.table=" + table,
            "majordomo.memory.jdbc.initialize-schema=always")
        .withBean(DataSource.class, () -> pg)
        .run(
            context -> {
              assertThat(tableExists(pg, table)).isTrue();
              FakeProvider fake = context.getBean(FakeProvider.class);
              fake.model("m").reply("Hello Ada");
              context.getBean(SupportDesk.class).answer("ada", "Hi");
              assertThat(rows(pg, table)).isEqualTo(2);
              assertThat(context.getBean(ConversationStore.class))
                  .isInstanceOf(JdbcConversationStore.class);
            });
  }

  private static int rows(DataSource dataSource, String table) throws SQLException {
    try (Connection c = dataSource.getConnection();
        var s = c.createStatement();
        var r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      r.next();
      return r.getInt(1);
    }
  }

  private static boolean tableExists(DataSource dataSource, String table) throws SQLException {
    try (Connection c = dataSource.getConnection();
        var r = c.getMetaData().getTables(null, null, table, null)) {
      return r.next();
    }
  }
}
