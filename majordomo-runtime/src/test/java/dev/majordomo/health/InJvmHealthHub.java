package dev.majordomo.health;

import dev.majordomo.llm.Target;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The smallest {@link SharedHealth} that shares across several registries of one JVM, as a store
 * would across instances: one failure counter and one bench round per target, a bench for every
 * member when the counter reaches the policy's threshold, and every piece of news delivered to
 * every member (the sender included, as a store's echo would). Deliveries are made at once, or
 * queued until {@link #drain()} when the hub is deferred, so tests choose their order.
 */
final class InJvmHealthHub {
  private final boolean deferred;
  private final List<Member> members = new CopyOnWriteArrayList<>();
  private final Map<Target, Integer> failures = new HashMap<>(); // guarded by this
  private final Map<Target, Integer> rounds = new HashMap<>(); // guarded by this
  private final Queue<Runnable> pending = new ArrayDeque<>(); // guarded by this

  InJvmHealthHub(boolean deferred) {
    this.deferred = deferred;
  }

  /** A new instance's shared health. */
  Member member() {
    return new Member();
  }

  /** Delivers every queued update, in order; returns how many. */
  int drain() {
    int delivered = 0;
    while (true) {
      Runnable next;
      synchronized (this) {
        next = pending.poll();
      }
      if (next == null) {
        return delivered;
      }
      next.run();
      delivered++;
    }
  }

  private void broadcast(Consumer<HealthUpdates> update) {
    for (Member m : members) {
      Runnable delivery = () -> update.accept(m.updates);
      if (deferred) {
        synchronized (this) {
          pending.add(delivery);
        }
      } else {
        delivery.run();
      }
    }
  }

  /** One instance's view of the hub; records what its registry reported. */
  final class Member implements SharedHealth {
    private HealthUpdates updates;
    final List<String> reported = new CopyOnWriteArrayList<>();
    volatile int closes;

    @Override
    public void start(HealthUpdates value) {
      this.updates = value;
      members.add(this);
    }

    @Override
    public void failed(Target target, HealthPolicy policy, TargetHealth here, Instant at) {
      reported.add("failed " + target + " " + here.consecutiveFailures());
      int round;
      synchronized (InJvmHealthHub.this) {
        int count = failures.merge(target, 1, Integer::sum);
        if (count < policy.threshold()) {
          return;
        }
        // After the bench, one more failure anywhere benches again: probation.
        failures.put(target, policy.threshold() - 1);
        round = rounds.merge(target, 1, Integer::sum);
      }
      Instant until = at.plus(policy.cooldown(round));
      broadcast(u -> u.benched(target, round, until));
    }

    @Override
    public void rateLimited(Target target, Instant until) {
      reported.add("rateLimited " + target + " " + until);
      broadcast(u -> u.rateLimited(target, until));
    }

    @Override
    public void recovered(Target target) {
      reported.add("recovered " + target);
      synchronized (InJvmHealthHub.this) {
        failures.remove(target);
        rounds.remove(target);
      }
      broadcast(u -> u.recovered(target));
    }

    @Override
    public void close() {
      closes++;
      members.remove(this);
    }

    List<String> reported() {
      return new ArrayList<>(reported);
    }
  }
}
