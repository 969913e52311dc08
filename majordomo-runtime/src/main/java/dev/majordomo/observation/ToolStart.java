package dev.majordomo.observation;

import java.util.Objects;

/**
 * A tool execution that starts.
 *
 * @param name the tool's name, as the model called it
 * @param callId the id the model gave the call
 * @param arguments the arguments as the model sent them (JSON); the user's data
 */
public record ToolStart(String name, String callId, String arguments) {

  /**
   * Checks the execution.
   *
   * @param name the tool's name, not null
   * @param callId the call's id, not null
   * @param arguments the arguments, not null
   */
  public ToolStart {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(arguments, "arguments");
  }

  /** Names the tool and the call, not the arguments (they are the user's data). */
  @Override
  public String toString() {
    return "ToolStart[" + name + ", call " + callId + "]";
  }
}
