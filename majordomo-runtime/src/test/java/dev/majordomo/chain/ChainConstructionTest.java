package dev.majordomo.chain;

import static dev.majordomo.chain.ChainFixture.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.internal.chain.ChainTarget;
import dev.majordomo.internal.chain.FailoverChain;
import dev.majordomo.llm.Capabilities;
import dev.majordomo.llm.Capability;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainConstructionTest {
  private final ChainFixture f = new ChainFixture();

  @Test
  void targetsAreKeptInOrder() {
    Chain chain = f.chain("b", "a", "c");
    assertThat(chain.targets()).containsExactly(target("b"), target("a"), target("c"));
    assertThat(chain).hasToString("Chain[fake/b, fake/a, fake/c]");
    assertThat(chain.policy()).isSameAs(FailoverPolicy.DEFAULT);
  }

  @Test
  void rejectsAnEmptyChainDuplicatesAndNulls() {
    assertThatThrownBy(
            () ->
                new FailoverChain(
                    List.of(), f.tracker, FailoverPolicy.DEFAULT, f.listener, f.clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one target");
    assertThatThrownBy(() -> f.chain("a", "b", "a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fake/a appears twice");
    List<ChainTarget> one = List.of(f.chainTarget("a"));
    assertThatThrownBy(
            () -> new FailoverChain(one, null, FailoverPolicy.DEFAULT, f.listener, f.clock))
        .hasMessageContaining("health");
    assertThatThrownBy(() -> new FailoverChain(one, f.tracker, null, f.listener, f.clock))
        .hasMessageContaining("policy");
    assertThatThrownBy(
            () ->
                new FailoverChain(
                    one, f.tracker, FailoverPolicy.DEFAULT, (ChainListener) null, f.clock))
        .hasMessageContaining("listener");
    assertThatThrownBy(
            () ->
                new FailoverChain(
                    one,
                    f.tracker,
                    FailoverPolicy.DEFAULT,
                    (dev.majordomo.observation.Observer) null,
                    f.clock))
        .hasMessageContaining("observer");
    assertThatThrownBy(
            () -> new FailoverChain(one, f.tracker, FailoverPolicy.DEFAULT, f.listener, null))
        .hasMessageContaining("time");
    assertThatThrownBy(() -> new ChainTarget(target("a"), null)).hasMessageContaining("model");
    assertThatThrownBy(() -> f.chain("a").call(null)).hasMessageContaining("request");
  }

  @Test
  void capabilitiesAreTheUnionOfTheTargets() {
    f.fake
        .model("a")
        .capabilities(
            Capabilities.unknown()
                .with(Capability.IMAGES, false)
                .with(Capability.TOOLS, false)
                .with(Capability.STRUCTURED_OUTPUT, false));
    f.fake
        .model("b")
        .capabilities(
            Capabilities.unknown().with(Capability.IMAGES, true).with(Capability.TOOLS, false));

    Capabilities union = f.chain("a", "b").capabilities();

    assertThat(union.known(Capability.IMAGES)).contains(true);
    assertThat(union.known(Capability.TOOLS)).contains(false);
    assertThat(union.known(Capability.STRUCTURED_OUTPUT)).as("b does not say").isEmpty();
    assertThat(union.supports(Capability.STRUCTURED_OUTPUT)).isTrue();

    assertThat(f.chain("a").capabilities()).isEqualTo(f.model("a").capabilities());
    assertThat(f.chain("a").capabilities().supports(Capability.IMAGES)).isFalse();
    assertThat(f.chain("c").capabilities()).isEqualTo(Capabilities.unknown());
  }
}
