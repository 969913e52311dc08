/**
 * The clock: {@link dev.majordomo.time.TimeSource}, through which every backoff, bench, deadline
 * and timeout reads the time and sleeps, so that tests can replace it with a fake clock.
 */
package dev.majordomo.time;
