package dev.majordomo.spring.sample;

import dev.majordomo.annotations.Tool;

/**
 * Tools over an {@link OrderBook}: the application's bean when the context has one (with its book
 * injected), else constructed by the generated code with an empty book.
 */
public class OrderTools {
  private final OrderBook book;

  /** The tools over an empty book, as the generated code constructs them. */
  public OrderTools() {
    this(order -> "unknown");
  }

  /**
   * The tools over {@code book}.
   *
   * @param book where orders are looked up
   */
  public OrderTools(OrderBook book) {
    this.book = book;
  }

  /**
   * {@return the status of an order}
   *
   * @param order the order number
   */
  @Tool("The status of an order.")
  public String status(String order) {
    return book.status(order);
  }
}
