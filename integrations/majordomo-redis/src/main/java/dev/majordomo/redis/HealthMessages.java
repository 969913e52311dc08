package dev.majordomo.redis;

import dev.majordomo.health.HealthUpdates;
import dev.majordomo.llm.Target;
import java.time.Instant;

/**
 * Reads what {@link HealthScripts} write: the messages on the health channel and the values of the
 * bench and rate keys. Tokens are separated by single spaces; targets and instance ids are encoded
 * by {@link HealthKeys}, so they hold none.
 *
 * <ul>
 *   <li>{@code B <instance> <target> <round>:<until ms>}: benched
 *   <li>{@code L <instance> <target> <until ms>}: rate-limited ({@code Retry-After})
 *   <li>{@code R <instance> <target> <target>...}: recovered
 * </ul>
 */
final class HealthMessages {
  private HealthMessages() {}

  /**
   * Applies {@code message} to {@code updates}, unless {@code self} (an encoded instance id) sent a
   * rate limit or recovery (that instance applied it already). Its own benches are applied: the
   * instance whose failure decided a bench learns it here, in the channel's order, so that a
   * recovery published after the bench is applied after it.
   *
   * @return whether the message was understood (its own included)
   */
  static boolean apply(String message, String self, HealthUpdates updates) {
    String[] tokens = message.split(" ", -1);
    if (tokens.length < 2 || tokens[0].length() != 1) {
      return false;
    }
    boolean own = tokens[1].equals(self);
    try {
      switch (tokens[0].charAt(0)) {
        case 'B' -> {
          if (tokens.length != 4) {
            return false;
          }
          Target target = HealthKeys.decode(tokens[2]);
          Bench bench = Bench.parse(tokens[3]);
          updates.benched(target, bench.round(), bench.until());
          return true;
        }
        case 'L' -> {
          if (tokens.length != 4) {
            return false;
          }
          Target target = HealthKeys.decode(tokens[2]);
          Instant until = instant(tokens[3]);
          if (!own) {
            updates.rateLimited(target, until);
          }
          return true;
        }
        case 'R' -> {
          Target[] targets = new Target[tokens.length - 2];
          for (int i = 2; i < tokens.length; i++) {
            targets[i - 2] = HealthKeys.decode(tokens[i]);
          }
          if (!own) {
            for (Target target : targets) {
              updates.recovered(target);
            }
          }
          return true;
        }
        default -> {
          return false;
        }
      }
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Milliseconds since the epoch, as the scripts write them. */
  static Instant instant(String millis) {
    try {
      return Instant.ofEpochMilli(Long.parseLong(millis));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a time in milliseconds: " + millis, e);
    }
  }

  /**
   * A bench key's value, {@code <round>:<until ms>}.
   *
   * @param round the bench round, from 1
   * @param until when it ends
   */
  record Bench(int round, Instant until) {
    static Bench parse(String value) {
      int colon = value.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("not a bench: " + value);
      }
      int round;
      try {
        round = Integer.parseInt(value, 0, colon, 10);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a bench: " + value, e);
      }
      if (round < 1) {
        throw new IllegalArgumentException("a bench with round " + round + ": " + value);
      }
      return new Bench(round, instant(value.substring(colon + 1)));
    }
  }
}
