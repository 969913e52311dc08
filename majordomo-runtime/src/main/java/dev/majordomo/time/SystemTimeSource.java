package dev.majordomo.time;

import java.time.Duration;
import java.time.Instant;

final class SystemTimeSource implements TimeSource {
  @Override
  public Instant now() {
    return Instant.now();
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (duration.isNegative() || duration.isZero()) {
      return;
    }
    Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
  }

  @Override
  public String toString() {
    return "TimeSource.SYSTEM";
  }
}
