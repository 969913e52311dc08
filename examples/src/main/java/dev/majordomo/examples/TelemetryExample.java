package dev.majordomo.examples;

import dev.majordomo.Assistants;
import dev.majordomo.annotations.Llm;
import dev.majordomo.annotations.Prompt;
import dev.majordomo.opentelemetry.MajordomoTelemetry;
import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.PrintStream;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Example 6: the traces of a call, with OpenTelemetry. {@code majordomo-opentelemetry} gives the
 * assistant an observer that turns the call into spans named as the GenAI semantic conventions say:
 * {@code invoke_agent Concierge} for the call, {@code chat <model>} for each attempt at a target
 * under it. The SDK's logging exporter prints each span as it ends (the innermost first).
 *
 * <p>Without {@code LLM_FAST} and without Ollama, the call finds Ollama's port closed, retries it
 * once and fails over to the scripted endpoint: two failed {@code chat llama3.2} spans with their
 * {@code error.type}, then the {@code chat scripted-demo} span that answered. (Run after the other
 * examples, as {@code Main} does, Ollama is benched by then and skipped: the call's span says so in
 * an event.)
 */
public final class TelemetryExample {
  private TelemetryExample() {}

  @Llm(chain = "fast")
  interface Concierge {
    @Prompt("Suggest one thing to do in {{city}} this evening.")
    String suggest(String city);
  }

  public static void main(String[] args) {
    ExampleSetup.runAlone(TelemetryExample::run);
  }

  static void run(ExampleSetup setup) {
    setup.title("Example 6: the spans of a call, with OpenTelemetry");
    PrintedLog log = PrintedLog.of(LoggingSpanExporter.class.getName(), setup.out());
    try (OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(LoggingSpanExporter.create()))
                    .build())
            .build()) {
      Concierge concierge =
          Assistants.builder(Concierge.class)
              .registry(setup.registry())
              .observer(MajordomoTelemetry.create(sdk))
              .build();
      String answer = concierge.suggest("Porto");
      setup.out().println("Answer: " + answer);
    } finally {
      log.close();
    }
  }

  /**
   * The logging exporter writes to {@code java.util.logging}; this sends its records to the
   * example's output, each on a line of its own, while the example runs.
   */
  private static final class PrintedLog extends Handler {
    private final Logger logger;
    private final PrintStream out;
    private final boolean parentHandlers;

    private PrintedLog(Logger logger, PrintStream out) {
      this.logger = logger;
      this.out = out;
      this.parentHandlers = logger.getUseParentHandlers();
    }

    static PrintedLog of(String name, PrintStream out) {
      PrintedLog log = new PrintedLog(Logger.getLogger(name), out);
      log.logger.addHandler(log);
      log.logger.setUseParentHandlers(false);
      log.logger.setLevel(Level.INFO);
      return log;
    }

    @Override
    public void publish(LogRecord record) {
      out.println("  span: " + record.getMessage());
    }

    @Override
    public void flush() {
      out.flush();
    }

    @Override
    public void close() {
      logger.removeHandler(this);
      logger.setUseParentHandlers(parentHandlers);
    }
  }
}
