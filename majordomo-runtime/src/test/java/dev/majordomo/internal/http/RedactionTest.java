package dev.majordomo.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.llm.Secret;
import org.junit.jupiter.api.Test;

class RedactionTest {

  @Test
  void removesTheTokenBearerCredentialsAndKeyShapedStrings() {
    String text =
        "token my-own-gateway-token; Authorization: Bearer abc.def-123; key sk-proj-AbCdEf123456;"
            + " anthropic sk-ant-api03-xyzXYZ0987";
    String out = Redaction.redact(text, Secret.of("my-own-gateway-token"));
    assertThat(out)
        .doesNotContain("my-own-gateway-token", "abc.def-123", "AbCdEf123456", "xyzXYZ0987")
        .contains("token ***", "Bearer ***", "key sk-***", "anthropic sk-***");
  }

  @Test
  void leavesOrdinaryTextAloneAndToleratesNull() {
    assertThat(Redaction.redact("ask-me later, risk-free", null))
        .isEqualTo("ask-me later, risk-free");
    assertThat(Redaction.redact(null, null)).isNull();
  }
}
