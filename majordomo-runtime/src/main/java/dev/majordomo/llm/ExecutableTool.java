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

  /**
   * Runs the tool and returns everything it produced: text, images, and whether it failed. The
   * {@link Toolbox} calls this method; the default wraps {@link #invoke}. A tool from a {@link
   * ToolSource} overrides it to return images or an error result without throwing.
   *
   * @param argumentsJson the arguments as the model produced them, a JSON object
   * @return the output handed back to the model
   * @throws Exception whatever the tool throws; the model sees it as an error result
   */
  default ToolOutput run(String argumentsJson) throws Exception {
    String text = invoke(argumentsJson);
    return ToolOutput.text(text == null ? "null" : text);
  }
}
