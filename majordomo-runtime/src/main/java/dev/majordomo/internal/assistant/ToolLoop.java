package dev.majordomo.internal.assistant;

import dev.majordomo.Limits;
import dev.majordomo.ToolInvocation;
import dev.majordomo.ToolRoundsExceededException;
import dev.majordomo.chain.ChainCancelledException;
import dev.majordomo.llm.Attempt;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.Target;
import dev.majordomo.llm.Toolbox;
import dev.majordomo.llm.Usage;
import dev.majordomo.media.Image;
import dev.majordomo.memory.MemoryPolicy;
import dev.majordomo.memory.Turn;
import dev.majordomo.observation.Observer;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The state of one call: the conversation so far, the tool rounds run, and what every round cost.
 * Each round is a separate call of the chain, so a later round may be served by another target. Not
 * thread-safe: one call, one thread at a time.
 */
final class ToolLoop {
  private static final System.Logger LOG = System.getLogger(ToolLoop.class.getName());
  private static final int RESULT_EXCERPT = 80;

  private final MethodPlan plan;
  private final Toolbox toolbox;
  private final Model model;
  private final Executor executor;
  private final Limits limits;
  private final int maxRounds;
  private final Observer observer;
  private Request request;
  private int rounds;
  private Usage usage = Usage.NONE;
  private Target answeredBy;
  private final List<Attempt> attempts = new ArrayList<>();
  private final List<ToolInvocation> invocations = new ArrayList<>();

  /** The messages of this call that a conversation stores: the user message, tool rounds. */
  private final List<Message> turn = new ArrayList<>();

  private Usage firstRound;
  private Usage lastRound;

  /** Who answered the first and the last round; {@code null} when unknown (a stream's round). */
  private Target firstTarget;

  private Target lastTarget;
  private boolean repaired;

  ToolLoop(
      MethodPlan plan,
      Toolbox toolbox,
      Model model,
      Executor executor,
      Request first,
      Limits limits,
      Observer observer) {
    this.plan = plan;
    this.observer = observer;
    this.toolbox = toolbox;
    this.model = model;
    this.executor = executor;
    this.request = first;
    this.limits = limits;
    this.maxRounds = plan.maxToolRounds(limits);
    this.turn.add(first.messages().get(first.messages().size() - 1));
  }

  /** The request for the next round: the whole conversation so far. */
  Request request() {
    return request;
  }

  Model model() {
    return model;
  }

  /** Calls the chain, runs tools, and calls again until the model answers without tool calls. */
  Response run() {
    while (true) {
      checkInterrupted();
      Response response = model.call(request);
      record(response);
      if (!response.hasToolCalls()) {
        return response;
      }
      runTools(response.message());
    }
  }

  /** Adds a reply's cost and provenance to the totals. */
  void record(Response response) {
    recordRound(response.usage(), response.answeredBy());
    attempts.addAll(response.attempts());
    if (response.answeredBy() != null) {
      answeredBy = response.answeredBy();
    }
  }

  /** Adds the cost of a round to the totals. */
  void recordRound(Usage round) {
    recordRound(round, null);
  }

  private void recordRound(Usage round, Target target) {
    usage = usage.plus(round);
    if (firstRound == null) {
      firstRound = round;
      firstTarget = target;
    }
    lastRound = round;
    lastTarget = target;
  }

  /**
   * Runs the tool calls of {@code assistantTurn} and appends the turn and the results to the
   * conversation.
   *
   * @throws ToolRoundsExceededException when the method's rounds are used up
   */
  void runTools(Message assistantTurn) {
    List<Part.ToolCall> calls = assistantTurn.toolCalls();
    if (rounds >= maxRounds) {
      throw new ToolRoundsExceededException(exceededMessage(calls), maxRounds, invocations);
    }
    rounds++;
    if (LOG.isLoggable(Level.DEBUG)) {
      LOG.log(
          Level.DEBUG,
          "{0}: tool round {1}: {2}",
          plan.qualifiedName(),
          rounds,
          calls.stream().map(Part.ToolCall::name).toList());
    }
    List<Part.ToolResult> results;
    try {
      results = ToolRunner.runAll(toolbox, calls, executor, observer);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw cancelled("interrupted while running tools in round " + rounds);
    }
    results = truncated(results);
    for (int i = 0; i < calls.size(); i++) {
      invocations.add(new ToolInvocation(calls.get(i), results.get(i), rounds));
    }
    Message resultsTurn = Message.toolResults(results);
    request = request.followedBy(assistantTurn, resultsTurn);
    turn.add(assistantTurn);
    turn.add(resultsTurn);
  }

  /**
   * Appends turns to the conversation that are not part of the call's stored turn (the failed
   * answer and the repair prompt of structured output).
   */
  void append(Message... messages) {
    request = request.followedBy(messages);
    repaired = true;
  }

  /**
   * The turn a conversation stores for this call, ending with {@code answer}: the user message,
   * every tool round, and the answer (left out when it is empty: some providers refuse an empty
   * assistant message). Its tokens are what the provider counted, when it reported usage for the
   * first and last rounds and no repair prompt was sent (the last round then also counted the
   * failed answer and the prompt, which are not stored), less the answer's reasoning tokens (never
   * sent again); else the estimate. The estimate also stands when the first and last rounds were
   * answered by different targets (failover: two tokenizers, whose counts do not subtract) and when
   * the measured count is not positive (a turn always holds the user message).
   */
  Turn turn(Message answer) {
    List<Message> messages = new ArrayList<>(turn.size() + 1);
    messages.addAll(turn);
    if (!answer.parts().isEmpty()) {
      messages.add(answer);
    }
    if (repaired
        || firstRound == null
        || firstRound.inputTokens() == 0
        || lastRound.inputTokens() == 0
        || (firstTarget != null && lastTarget != null && !firstTarget.equals(lastTarget))) {
      return Turn.of(messages);
    }
    // The last round's input holds the first round's (system prompt, history, user message) and
    // the tool rounds; its output is the answer plus the reasoning before it, which no request
    // sends again (so the tool rounds' reasoning is not in the last round's input either). The
    // user message is the one part of the first round's input that the turn keeps.
    long answerTokens =
        lastRound.outputTokens() - Math.min(lastRound.reasoningTokens(), lastRound.outputTokens());
    long tokens =
        Usage.saturatedSum(lastRound.inputTokens(), answerTokens)
            - firstRound.inputTokens()
            + MemoryPolicy.estimateTokens(List.of(turn.get(0)));
    if (tokens <= 0) {
      return Turn.of(messages);
    }
    return new Turn(messages, (int) Math.min(tokens, Integer.MAX_VALUE));
  }

  Usage usage() {
    return usage;
  }

  Target answeredBy() {
    return answeredBy;
  }

  List<Attempt> attempts() {
    return attempts;
  }

  List<ToolInvocation> invocations() {
    return invocations;
  }

  /** The reasoning of every assistant message of this call, then of {@code answer}, in order. */
  List<Part.Reasoning> reasoning(Message answer) {
    List<Part.Reasoning> out = new ArrayList<>();
    for (Message message : turn) {
      collectReasoning(message, out);
    }
    collectReasoning(answer, out);
    return out;
  }

  private static void collectReasoning(Message message, List<Part.Reasoning> out) {
    if (message.role() == dev.majordomo.llm.Role.ASSISTANT) {
      for (Part part : message.parts()) {
        if (part instanceof Part.Reasoning r) {
          out.add(r);
        }
      }
    }
  }

  /** Stops before calling the chain again when the thread was interrupted (a tool may be). */
  void checkInterrupted() {
    if (Thread.currentThread().isInterrupted()) {
      throw cancelled(
          "interrupted after " + rounds + (rounds == 1 ? " tool round" : " tool rounds"));
    }
  }

  /** The chain's own cancellation error, so that callers catch one type; the cause says where. */
  private ChainCancelledException cancelled(String what) {
    return new ChainCancelledException(
        attempts,
        LlmException.builder(ErrorKind.CANCELLED, plan.qualifiedName() + ": " + what).build());
  }

  private String exceededMessage(List<Part.ToolCall> pending) {
    StringBuilder s = new StringBuilder();
    s.append(plan.qualifiedName())
        .append(": the model still asked for tools after ")
        .append(rounds)
        .append(rounds == 1 ? " round" : " rounds")
        .append(" (maxToolRounds = ")
        .append(maxRounds)
        .append(
            plan.maxToolRounds() < 0
                ? ", the registry's Limits.maxToolRounds); raise @Llm(maxToolRounds) or the"
                    + " limit, or check what the tools return."
                : "); raise @Llm(maxToolRounds) or check what the tools return.");
    int round = 0;
    for (ToolInvocation inv : invocations) {
      if (inv.round() != round) {
        round = inv.round();
        s.append("\n  round ").append(round).append(':');
      } else {
        s.append(',');
      }
      s.append(' ').append(inv.call().name()).append(inv.result().isError() ? " → error " : " → ");
      s.append(excerpt(inv.result().content()));
    }
    s.append("\n  round ").append(rounds + 1).append(" (not run): ");
    s.append(String.join(", ", pending.stream().map(Part.ToolCall::name).toList()));
    return s.toString();
  }

  /**
   * The results with any content over {@code Limits.maxToolOutputChars} cut to the limit and
   * followed by a marker, so that the model knows it sees only the start; and with their images
   * bounded (see {@link #boundedImages}).
   */
  private List<Part.ToolResult> truncated(List<Part.ToolResult> results) {
    int max = limits.maxToolOutputChars();
    List<Part.ToolResult> out = new ArrayList<>(results.size());
    for (Part.ToolResult r : results) {
      String content = r.content();
      List<Image> images = r.images();
      String imageNote = "";
      if (!images.isEmpty()) {
        List<Image> kept = boundedImages(images, limits.maxImageBytes());
        if (kept.size() < images.size()) {
          imageNote = droppedImagesNote(images, kept.size(), limits.maxImageBytes());
          LOG.log(
              Level.DEBUG,
              "{0}: {1} of the {2} images of tool {3} were dropped",
              plan.qualifiedName(),
              images.size() - kept.size(),
              images.size(),
              r.name());
          images = kept;
        }
      }
      if (content.length() <= max && imageNote.isEmpty()) {
        out.add(r);
        continue;
      }
      if (content.length() > max) {
        int cut = Character.isHighSurrogate(content.charAt(max - 1)) ? max - 1 : max;
        LOG.log(
            Level.DEBUG,
            "{0}: the result of tool {1} was truncated from {2} to {3} characters",
            plan.qualifiedName(),
            r.name(),
            content.length(),
            cut);
        content = content.substring(0, cut) + truncationMarker(content.length(), cut);
      }
      out.add(new Part.ToolResult(r.callId(), r.name(), content + imageNote, r.isError(), images));
    }
    return out;
  }

  /**
   * The most images one tool result hands back to the model; the rest are dropped with a note. A
   * screenshot or two is what a tool usually returns; dozens would cost more tokens than any text
   * result the output limit allows.
   */
  static final int MAX_TOOL_RESULT_IMAGES = 8;

  /**
   * The images of a tool result that are sent: in order, each at most {@code maxImageBytes} (a
   * larger one would fail the whole request at the provider: a tool's image is dropped instead), at
   * most {@link #MAX_TOOL_RESULT_IMAGES}. An image by URL has no size to check here.
   */
  static List<Image> boundedImages(List<Image> images, long maxImageBytes) {
    List<Image> kept = new ArrayList<>(Math.min(images.size(), MAX_TOOL_RESULT_IMAGES));
    for (Image image : images) {
      if (kept.size() == MAX_TOOL_RESULT_IMAGES) {
        break;
      }
      if (image.isUrl() || image.byteCount() <= maxImageBytes) {
        kept.add(image);
      }
    }
    return kept;
  }

  /** What follows the text of a tool result whose images were not all sent. */
  static String droppedImagesNote(List<Image> images, int kept, long maxImageBytes) {
    return "\n[images: the tool returned "
        + images.size()
        + "; "
        + (images.size() - kept)
        + " not shown (at most "
        + MAX_TOOL_RESULT_IMAGES
        + " per result, each at most "
        + maxImageBytes
        + " bytes)]";
  }

  /** What follows a truncated tool result. */
  static String truncationMarker(int total, int shown) {
    return "\n[truncated: the tool returned "
        + total
        + " characters; only the first "
        + shown
        + " are shown]";
  }

  private static String excerpt(String text) {
    String oneLine = text.replaceAll("\\s+", " ").strip();
    if (oneLine.length() > RESULT_EXCERPT) {
      oneLine = oneLine.substring(0, RESULT_EXCERPT) + "…";
    }
    return '"' + oneLine + '"';
  }
}
