package dev.majordomo.observation;

import dev.majordomo.llm.Part;

/**
 * The observation of one tool execution, from {@link Observer#toolStarted}. Exactly one of {@link
 * #finished} and {@link #failed} is called, once.
 */
public interface ToolObservation extends Observation {

  /** Observes nothing. */
  ToolObservation NONE = new ToolObservation() {};

  /**
   * The tool returned, or failed in a way the model is told about ({@link
   * Part.ToolResult#isError()}: the tool threw, or its arguments did not decode).
   *
   * @param result what the model is sent
   */
  default void finished(Part.ToolResult result) {}

  /**
   * The execution ended without a result: the tool threw an {@link Error} that no result can stand
   * for (a {@link VirtualMachineError}, such as {@link OutOfMemoryError}). A tool interrupted by
   * the call's cancellation, or that threw anything else, ends with {@link #finished} and an error
   * result.
   *
   * @param error what ended it
   */
  default void failed(Throwable error) {}
}
