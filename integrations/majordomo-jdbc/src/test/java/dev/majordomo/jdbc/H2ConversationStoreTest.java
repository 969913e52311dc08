package dev.majordomo.jdbc;

import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** The store on H2, in memory: the fast run of every test. */
class H2ConversationStoreTest extends JdbcConversationStoreTests {
  private static final AtomicInteger DATABASES = new AtomicInteger();

  @Override
  protected DataSource dataSource() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:store" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
    return h2;
  }
}
