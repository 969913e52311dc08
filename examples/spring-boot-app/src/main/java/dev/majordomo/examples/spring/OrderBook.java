package dev.majordomo.examples.spring;

import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The orders the tools look up: a stand-in for the application's repository. */
@Component
public class OrderBook {
  private final Map<String, String> statuses =
      Map.of("A-1001", "shipped on 2026-12-01", "A-1002", "waiting for stock");

  /** The status of an order, if there is such an order. */
  public Optional<String> status(String orderId) {
    return Optional.ofNullable(statuses.get(orderId));
  }
}
