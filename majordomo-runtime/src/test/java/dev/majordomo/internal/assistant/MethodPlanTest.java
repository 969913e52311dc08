package dev.majordomo.internal.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.Limits;
import dev.majordomo.llm.GenerationOptions;
import dev.majordomo.llm.ResponseSchema;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MethodPlanTest {
  private static final ResponseSchema SCHEMA = new ResponseSchema("City", "{\"type\":\"object\"}");

  @Test
  void aPlanForAMethodStartsWithEveryDefault() {
    MethodPlan plan = MethodPlan.forMethod("TravelAgent", "plan");

    assertThat(plan.qualifiedName()).isEqualTo("TravelAgent.plan");
    assertThat(plan.chain()).isEqualTo("default");
    assertThat(plan.options()).isSameAs(GenerationOptions.DEFAULTS);
    assertThat(plan.maxToolRounds()).isEqualTo(-1);
    assertThat(plan.maxToolRounds(Limits.DEFAULTS)).isEqualTo(Limits.DEFAULT_MAX_TOOL_ROUNDS);
    assertThat(plan.responseSchema()).isNull();
  }

  @Test
  void eachStepSetsOneSettingAndKeepsTheOthers() {
    GenerationOptions options =
        GenerationOptions.DEFAULTS.withTemperature(0.2).withTimeout(Duration.ofSeconds(30));

    MethodPlan plan =
        MethodPlan.forMethod("TravelAgent", "plan")
            .withChain("fast,thinking")
            .withOptions(options)
            .withMaxToolRounds(3)
            .withResponseSchema(SCHEMA);

    assertThat(plan)
        .isEqualTo(new MethodPlan("TravelAgent", "plan", "fast,thinking", options, 3, SCHEMA));
    assertThat(plan.withChain(" ").chain()).isEqualTo("default");
    assertThat(plan.withOptions(null).options()).isSameAs(GenerationOptions.DEFAULTS);
    assertThat(plan.withMaxToolRounds(-5).maxToolRounds(Limits.DEFAULTS.withMaxToolRounds(2)))
        .isEqualTo(2);
    assertThat(plan.withResponseSchema(null).responseSchema()).isNull();
    assertThat(plan.withResponseSchema(null).chain()).isEqualTo("fast,thinking");
  }

  @Test
  void theAssistantAndMethodNamesAreRequired() {
    assertThatThrownBy(() -> MethodPlan.forMethod(null, "plan"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("assistant");
    assertThatThrownBy(() -> MethodPlan.forMethod("TravelAgent", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("method");
  }
}
