package dev.majordomo.benchmarks;

/**
 * Latencies in nanoseconds, counted in log-linear buckets (64 per power of two, so a percentile is
 * off by at most about 1.6%), the way HdrHistogram does it but without the dependency. Recording
 * allocates nothing; one per thread, merged at the end. Not thread-safe.
 */
final class LatencyHistogram {
  private static final int SUB_BUCKETS = 64;
  private static final int DIRECT = 2 * SUB_BUCKETS;

  private final long[] counts = new long[DIRECT + 57 * SUB_BUCKETS];
  private long total;
  private long sum;

  void record(long nanos) {
    long v = Math.max(0, nanos);
    counts[index(v)]++;
    total++;
    sum += v;
  }

  void add(LatencyHistogram other) {
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
    sum += other.sum;
  }

  long count() {
    return total;
  }

  double meanNanos() {
    return total == 0 ? Double.NaN : (double) sum / total;
  }

  /** The value at {@code quantile} (0 to 1): the middle of its bucket. */
  long percentile(double quantile) {
    if (total == 0) {
      return -1;
    }
    long rank = Math.max(1, (long) Math.ceil(quantile * total));
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return middle(i);
      }
    }
    return middle(counts.length - 1);
  }

  static int index(long v) {
    if (v < DIRECT) {
      return (int) v;
    }
    int shift = 63 - Long.numberOfLeadingZeros(v) - 6;
    return shift * SUB_BUCKETS + (int) (v >>> shift);
  }

  static long middle(int index) {
    if (index < DIRECT) {
      return index;
    }
    int shift = index / SUB_BUCKETS - 1;
    long top = index - (long) shift * SUB_BUCKETS;
    long lower = top << shift;
    return lower + ((1L << shift) >>> 1);
  }
}
