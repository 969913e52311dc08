package dev.majordomo.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/**
 * The attribute keys this module writes: those of the OpenTelemetry GenAI semantic conventions
 * (v1.41.0, the last release that held them in the main semantic-conventions repository; all of
 * them at the Development stage), the stable {@code server.*}, {@code error.type} and {@code
 * code.function.name}, and Majordomo's own under {@code majordomo.*}. Written out here rather than
 * taken from the alpha {@code opentelemetry-semconv-incubating} artifact: see
 * docs/adr/0015-opentelemetry.md.
 */
final class GenAiAttributes {
  private GenAiAttributes() {}

  /** The version of the semantic conventions followed, for the tracer's and meter's schema URL. */
  static final String SCHEMA_URL = "https://opentelemetry.io/schemas/1.41.0";

  // Operations and their values.
  static final AttributeKey<String> OPERATION_NAME =
      AttributeKey.stringKey("gen_ai.operation.name");
  static final String CHAT = "chat";
  static final String INVOKE_AGENT = "invoke_agent";
  static final String EXECUTE_TOOL = "execute_tool";

  static final AttributeKey<String> PROVIDER_NAME = AttributeKey.stringKey("gen_ai.provider.name");
  static final AttributeKey<String> CONVERSATION_ID =
      AttributeKey.stringKey("gen_ai.conversation.id");
  static final AttributeKey<String> OUTPUT_TYPE = AttributeKey.stringKey("gen_ai.output.type");

  // The request.
  static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
  static final AttributeKey<Double> REQUEST_TEMPERATURE =
      AttributeKey.doubleKey("gen_ai.request.temperature");
  static final AttributeKey<Long> REQUEST_MAX_TOKENS =
      AttributeKey.longKey("gen_ai.request.max_tokens");
  static final AttributeKey<Double> REQUEST_TOP_P = AttributeKey.doubleKey("gen_ai.request.top_p");
  static final AttributeKey<Long> REQUEST_SEED = AttributeKey.longKey("gen_ai.request.seed");
  static final AttributeKey<List<String>> REQUEST_STOP_SEQUENCES =
      AttributeKey.stringArrayKey("gen_ai.request.stop_sequences");
  static final AttributeKey<Boolean> REQUEST_STREAM =
      AttributeKey.booleanKey("gen_ai.request.stream");

  // The reply.
  static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");
  static final AttributeKey<String> RESPONSE_MODEL =
      AttributeKey.stringKey("gen_ai.response.model");
  static final AttributeKey<List<String>> RESPONSE_FINISH_REASONS =
      AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
  static final AttributeKey<Double> RESPONSE_TIME_TO_FIRST_CHUNK =
      AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk");

  // Usage.
  static final AttributeKey<Long> USAGE_INPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.input_tokens");
  static final AttributeKey<Long> USAGE_OUTPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.output_tokens");
  static final AttributeKey<Long> USAGE_CACHE_READ_INPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");
  static final AttributeKey<Long> USAGE_CACHE_CREATION_INPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.cache_creation.input_tokens");
  static final AttributeKey<Long> USAGE_REASONING_OUTPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.reasoning.output_tokens");
  static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");
  static final String TOKEN_INPUT = "input";
  static final String TOKEN_OUTPUT = "output";

  // Content, opt-in only.
  static final AttributeKey<String> INPUT_MESSAGES =
      AttributeKey.stringKey("gen_ai.input.messages");
  static final AttributeKey<String> OUTPUT_MESSAGES =
      AttributeKey.stringKey("gen_ai.output.messages");
  static final AttributeKey<String> TOOL_CALL_ARGUMENTS =
      AttributeKey.stringKey("gen_ai.tool.call.arguments");
  static final AttributeKey<String> TOOL_CALL_RESULT =
      AttributeKey.stringKey("gen_ai.tool.call.result");

  // Agents and tools.
  static final AttributeKey<String> AGENT_NAME = AttributeKey.stringKey("gen_ai.agent.name");
  static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
  static final AttributeKey<String> TOOL_CALL_ID = AttributeKey.stringKey("gen_ai.tool.call.id");
  static final AttributeKey<String> TOOL_TYPE = AttributeKey.stringKey("gen_ai.tool.type");

  // Stable conventions.
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> CODE_FUNCTION_NAME =
      AttributeKey.stringKey("code.function.name");

  // Majordomo's own: the chain and its story.
  static final AttributeKey<String> CHAIN = AttributeKey.stringKey("majordomo.chain");
  static final AttributeKey<String> TARGET = AttributeKey.stringKey("majordomo.target");
  static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("majordomo.attempt");
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("majordomo.attempt.outcome");
  static final AttributeKey<String> ANSWERED_BY = AttributeKey.stringKey("majordomo.answered_by");
  static final AttributeKey<Double> RETRY_DELAY = AttributeKey.doubleKey("majordomo.retry.delay");
  static final AttributeKey<String> SKIP_REASON = AttributeKey.stringKey("majordomo.skip.reason");
  static final AttributeKey<String> BENCHED_UNTIL =
      AttributeKey.stringKey("majordomo.benched.until");
  static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("majordomo.attempts");

  // Majordomo's span events.
  static final String EVENT_RETRYING = "majordomo.chain.retrying";
  static final String EVENT_SKIPPED = "majordomo.chain.skipped";
  static final String EVENT_BENCHED = "majordomo.chain.benched";
  static final String EVENT_EXHAUSTED = "majordomo.chain.exhausted";
}
