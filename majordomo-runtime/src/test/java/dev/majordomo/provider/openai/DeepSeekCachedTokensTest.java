package dev.majordomo.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.llm.Usage;
import dev.majordomo.provider.compatible.DeepSeekProvider;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DeepSeek reports its context cache in {@code usage.prompt_cache_hit_tokens} and {@code
 * prompt_cache_miss_tokens}, not in {@code prompt_tokens_details.cached_tokens}. The bodies follow
 * the response of https://api-docs.deepseek.com/api/create-chat-completion and the context caching
 * guide https://api-docs.deepseek.com/guides/kv_cache (hits plus misses make the prompt tokens).
 */
class DeepSeekCachedTokensTest {
  private static final String USAGE =
      "'usage':{'completion_tokens':12,'prompt_tokens':1200,'prompt_cache_hit_tokens':1024,"
          + "'prompt_cache_miss_tokens':176,'total_tokens':1212,"
          + "'completion_tokens_details':{'reasoning_tokens':5}}";

  private MockOpenAi api;

  @BeforeEach
  void start() throws Exception {
    api = new MockOpenAi();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private Model deepseek() {
    return api.open(new DeepSeekProvider(), "deepseek-chat");
  }

  @Test
  void aReplyCountsTheCacheHitsAsCachedTokens() {
    api.enqueueJson(
        OpenAiChatTest.j(
            "{'id':'930c60df-bf64-41c9-a88e-3ec75f81e00e','object':'chat.completion',"
                + "'created':1705651092,'model':'deepseek-chat','system_fingerprint':'fp_1',"
                + "'choices':[{'index':0,'message':{'role':'assistant','content':'Hello!'},"
                + "'logprobs':null,'finish_reason':'stop'}],"
                + USAGE
                + "}"));

    Usage usage = deepseek().call(Request.of(Message.user("hi"))).usage();

    assertThat(usage.inputTokens()).isEqualTo(1200);
    assertThat(usage.cachedTokens()).isEqualTo(1024);
    assertThat(usage.reasoningTokens()).isEqualTo(5);
    assertThat(usage.outputTokens()).isEqualTo(12);
  }

  @Test
  void aStreamCountsTheCacheHitsOfItsUsageChunk() throws Exception {
    api.enqueueSse(
        OpenAiChatTest.j(
            "{'id':'c1','object':'chat.completion.chunk','created':1,'model':'deepseek-chat',"
                + "'choices':[{'index':0,'delta':{'role':'assistant','content':'Hello!'},"
                + "'finish_reason':null}]}"),
        OpenAiChatTest.j(
            "{'id':'c1','object':'chat.completion.chunk','created':1,'model':'deepseek-chat',"
                + "'choices':[{'index':0,'delta':{'content':''},'finish_reason':'stop'}],"
                + USAGE
                + "}"),
        "[DONE]");

    List<StreamEvent> events = new ArrayList<>();
    try (ResponseStream s = deepseek().stream(Request.of(Message.user("hi")))) {
      s.forEachRemaining(events::add);
    }

    assertThat(events).contains(new StreamEvent.UsageEvent(new Usage(1200, 12, 1024, 5)));
  }

  @Test
  void openAisOwnCachedTokensWinWhenBothAreThere() {
    api.enqueueJson(
        OpenAiChatTest.j(
            "{'id':'c','object':'chat.completion','created':1,'model':'m',"
                + "'choices':[{'index':0,'message':{'role':'assistant','content':'ok'},"
                + "'finish_reason':'stop'}],'usage':{'prompt_tokens':100,'completion_tokens':1,"
                + "'total_tokens':101,'prompt_tokens_details':{'cached_tokens':64},"
                + "'prompt_cache_hit_tokens':32}}"));

    assertThat(api.openai("m").call(Request.of(Message.user("hi"))).usage().cachedTokens())
        .isEqualTo(64);
  }
}
