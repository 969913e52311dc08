package dev.majordomo.spring.sample;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** A small application whose assistants are beans: only the dependency, properties, interfaces. */
@SpringBootApplication
public class SampleApplication {
  /** {@return the order book the tools get injected} */
  @Bean
  OrderBook orderBook() {
    return order -> order.equals("A-1") ? "shipped" : "unknown";
  }

  /**
   * {@return the tools, a bean: the assistant takes this one, with its book}
   *
   * @param book the order book
   */
  @Bean
  OrderTools orderTools(OrderBook book) {
    return new OrderTools(book);
  }
}
