package dev.majordomo.examples.spring;

import dev.majordomo.annotations.Tool;
import org.springframework.stereotype.Component;

/** The support desk's tools: a bean, so the assistant gets it with its {@link OrderBook}. */
@Component
public class OrderTools {
  private final OrderBook orders;

  public OrderTools(OrderBook orders) {
    this.orders = orders;
  }

  @Tool("The status of an order, by its id such as A-1001.")
  public String orderStatus(String orderId) {
    return orders.status(orderId).orElse("no order " + orderId);
  }
}
