package dev.majordomo.llm;

/**
 * A function the model may call. Generated toolboxes implement it with a dispatcher that decodes
 * the arguments and calls the user's method directly.
 */
public interface ExecutableTool {

  /** {@return what the model is told about this tool} */
  ToolDefinition definition();

  /**
   * Runs the tool. May throw: the {@link Toolbox} turns any exception into an error result that the
   * model sees.
   *
   * @param argumentsJson the arguments as the model produced them, a JSON object
   * @return the result text handed back to the model
   * @throws Exception whatever the tool throws; the model sees it as an error result
   */
  String invoke(String argumentsJson) throws Exception;
}
