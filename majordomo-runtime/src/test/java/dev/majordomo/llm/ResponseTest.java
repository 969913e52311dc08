package dev.majordomo.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The provider's reply id and model: optional, kept by routing, carried from a stream's end. */
class ResponseTest {
  private static final Target TARGET = Target.of("openai", "gpt-4o");

  @Test
  void theFiveArgumentConstructorLeavesIdAndModelUnset() {
    Response r = new Response(Message.assistant("hi"), null, null, null, null);
    assertThat(r.id()).isNull();
    assertThat(r.model()).isNull();
    assertThat(Response.ofText("hi").id()).isNull();
  }

  @Test
  void routingKeepsTheIdAndModel() {
    Response r =
        new Response(
            Message.assistant("hi"),
            Usage.NONE,
            FinishReason.STOP,
            null,
            List.of(),
            "chatcmpl-1",
            "gpt-4o-2024-08-06");
    Response routed = r.routed(TARGET, List.of());
    assertThat(routed.answeredBy()).isEqualTo(TARGET);
    assertThat(routed.id()).isEqualTo("chatcmpl-1");
    assertThat(routed.model()).isEqualTo("gpt-4o-2024-08-06");
  }

  @Test
  void collectTakesTheIdAndModelOfTheDoneEvent() {
    Response r =
        ResponseStream.of(
                List.of(
                    new StreamEvent.TextDelta("hi"),
                    new StreamEvent.Done(
                        FinishReason.LENGTH, "msg_1", "claude-haiku-4-5-20251001")))
            .collect();
    assertThat(r.text()).isEqualTo("hi");
    assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(r.id()).isEqualTo("msg_1");
    assertThat(r.model()).isEqualTo("claude-haiku-4-5-20251001");
  }

  @Test
  void theOneArgumentDoneHasNoIdOrModel() {
    StreamEvent.Done done = new StreamEvent.Done(FinishReason.STOP);
    assertThat(done.responseId()).isNull();
    assertThat(done.responseModel()).isNull();
    Response r = ResponseStream.of(List.of(done)).collect();
    assertThat(r.id()).isNull();
    assertThat(r.model()).isNull();
  }
}
