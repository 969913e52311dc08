package dev.majordomo.spring.sample;

/** Where the status of an order is looked up: a dependency of {@link OrderTools}. */
@FunctionalInterface
public interface OrderBook {
  /**
   * {@return the status}
   *
   * @param order the order number
   */
  String status(String order);
}
