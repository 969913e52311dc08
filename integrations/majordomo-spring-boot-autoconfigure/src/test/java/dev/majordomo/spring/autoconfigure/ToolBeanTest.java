package dev.majordomo.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.llm.Part;
import dev.majordomo.spring.sample.OrderTools;
import dev.majordomo.spring.sample.SupportDesk;
import dev.majordomo.testing.FakeProvider;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.NoUniqueBeanDefinitionException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Tool classes that are beans in ways an application has them: proxied, or more than one. */
class ToolBeanTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(MajordomoAutoConfiguration.class))
          .withBean(FakeProvider.class, FakeProvider::new)
          .withPropertyValues("majordomo.aliases.fast=fake/m");

  @Test
  void aClassProxiedToolBeanIsTheToolAndItsAdviceRuns() {
    int[] advised = {0};
    runner
        .withBean(
            "orderTools",
            OrderTools.class,
            () -> {
              // What @Transactional or @Cacheable makes of a tool class in Spring Boot: a
              // subclass proxy (proxyTargetClass is Boot's default).
              ProxyFactory factory = new ProxyFactory(new OrderTools(order -> "from the bean"));
              factory.setProxyTargetClass(true);
              factory.addAdvice(
                  (org.aopalliance.intercept.MethodInterceptor)
                      invocation -> {
                        advised[0]++;
                        return invocation.proceed();
                      });
              return (OrderTools) factory.getProxy();
            })
        .run(
            context -> {
              assertThat(AopUtils.isCglibProxy(context.getBean(OrderTools.class))).isTrue();
              assertThat(askForOrder(context)).isEqualTo("from the bean");
              assertThat(advised[0]).isEqualTo(1);
            });
  }

  @Test
  void twoToolBeansOfOneTypeWithoutAPrimaryStopTheStartUpNamingThem() {
    // Before: neither bean was used and the generated code quietly constructed a third instance
    // with nothing injected, so the tool answered from an empty order book.
    runner
        .withBean("eastOrders", OrderTools.class, () -> new OrderTools(order -> "east"))
        .withBean("westOrders", OrderTools.class, () -> new OrderTools(order -> "west"))
        .run(
            context -> {
              assertThat(context).hasFailed();
              Throwable failure = context.getStartupFailure();
              Throwable unique = failure;
              while (unique != null && !(unique instanceof NoUniqueBeanDefinitionException)) {
                unique = unique.getCause();
              }
              assertThat(unique).as("cause of " + failure).isNotNull();
              assertThat(failure.getMessage()).contains("supportDesk");
              assertThat(unique.getMessage())
                  .contains(OrderTools.class.getName())
                  .contains("eastOrders")
                  .contains("westOrders");
            });
  }

  @Test
  void ofTwoToolBeansThePrimaryOneIsTheTool() {
    runner
        .withBean("eastOrders", OrderTools.class, () -> new OrderTools(order -> "east"))
        .withBean(
            "westOrders",
            OrderTools.class,
            () -> new OrderTools(order -> "west"),
            definition -> definition.setPrimary(true))
        .run(context -> assertThat(askForOrder(context)).isEqualTo("west"));
  }

  private static String askForOrder(AssertableApplicationContext context) {
    FakeProvider fake = context.getBean(FakeProvider.class);
    fake.model("m")
        .replyToolCalls(new Part.ToolCall("c1", "status", "{\"order\": \"A-1\"}"))
        .reply("done");
    context.getBean(SupportDesk.class).answer("ada", "Where is A-1?");
    return fake.requests("m").get(1).messages().stream()
        .flatMap(m -> m.parts().stream())
        .filter(p -> p instanceof Part.ToolResult)
        .map(p -> ((Part.ToolResult) p).content())
        .findFirst()
        .orElseThrow();
  }
}
