package dev.majordomo.chain;

import dev.majordomo.health.HealthPolicy;
import dev.majordomo.internal.chain.ChainTarget;
import dev.majordomo.internal.chain.FailoverChain;
import dev.majordomo.internal.health.HealthTracker;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.ProviderContext;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Target;
import dev.majordomo.testing.FakeProvider;
import dev.majordomo.testing.FakeTimeSource;
import dev.majordomo.time.TimeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;

/** A fake provider, a fake clock, a tracker and a recording listener, for chain tests. */
final class ChainFixture {
  static final Request HELLO = Request.of(Message.user("hello"));

  final FakeTimeSource clock = new FakeTimeSource();
  final FakeProvider fake = new FakeProvider();
  final HealthTracker tracker;
  final List<ChainEvent> events = Collections.synchronizedList(new ArrayList<>());
  final ChainListener listener = events::add;
  final ProviderContext context = new TestContext(clock);

  ChainFixture() {
    this(HealthPolicy.DEFAULT);
  }

  ChainFixture(HealthPolicy health) {
    tracker = new HealthTracker(health, clock);
  }

  static Target target(String id) {
    return Target.of("fake", id);
  }

  Model model(String id) {
    return fake.open(ModelSpec.of("fake", id), context);
  }

  ChainTarget chainTarget(String id) {
    return new ChainTarget(target(id), model(id));
  }

  Chain chain(String... ids) {
    return chain(FailoverPolicy.DEFAULT, ids);
  }

  Chain chain(FailoverPolicy policy, String... ids) {
    List<ChainTarget> targets = new ArrayList<>();
    for (String id : ids) {
      targets.add(chainTarget(id));
    }
    return new FailoverChain(targets, tracker, policy, listener, clock);
  }

  /** A chain whose target {@code id} is wrapped, e.g. to act at the moment it is called. */
  Chain chainWrapping(String wrapped, UnaryOperator<Model> wrapper, String... ids) {
    List<ChainTarget> targets = new ArrayList<>();
    for (String id : ids) {
      Model model = model(id);
      targets.add(new ChainTarget(target(id), id.equals(wrapped) ? wrapper.apply(model) : model));
    }
    return new FailoverChain(targets, tracker, FailoverPolicy.DEFAULT, listener, clock);
  }

  /** {@link #chainWrapping} with a policy of its own. */
  Chain chainWrappingWithPolicy(
      FailoverPolicy policy, String wrapped, UnaryOperator<Model> wrapper, String... ids) {
    List<ChainTarget> targets = new ArrayList<>();
    for (String id : ids) {
      Model model = model(id);
      targets.add(new ChainTarget(target(id), id.equals(wrapped) ? wrapper.apply(model) : model));
    }
    return new FailoverChain(targets, tracker, policy, listener, clock);
  }

  void bench(String id) {
    for (int i = 0; i < tracker.policy().threshold(); i++) {
      tracker.recordFailure(target(id));
    }
  }

  /** The events of one kind, in order. */
  <E extends ChainEvent> List<E> events(Class<E> type) {
    synchronized (events) {
      return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
  }

  record TestContext(TimeSource time) implements ProviderContext {
    @Override
    public Optional<String> env(String name) {
      return Optional.ofNullable(Map.<String, String>of().get(name));
    }

    @Override
    public OkHttpClient httpClient() {
      throw new UnsupportedOperationException("chain tests make no HTTP calls");
    }
  }
}
