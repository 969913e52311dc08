package dev.majordomo.benchmarks;

/** Setup checks: a benchmark that does not get the canned answer measures the wrong thing. */
final class Check {
  private Check() {}

  static void equal(Object expected, Object actual) {
    if (!expected.equals(actual)) {
      throw new IllegalStateException("expected " + expected + " but got " + actual);
    }
  }
}
