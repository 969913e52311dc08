package dev.majordomo.examples.spring;

import dev.majordomo.chain.ChainExhaustedException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code POST /chat/{conversation}}: one message in, the assistant's reply out. */
@RestController
public class ChatController {
  /** What a client sends. */
  public record ChatRequest(String message) {}

  /** What the endpoint answers. */
  public record ChatReply(String conversation, String reply) {}

  private final SupportDesk desk;

  public ChatController(SupportDesk desk) {
    this.desk = desk;
  }

  @PostMapping("/chat/{conversation}")
  public ChatReply chat(@PathVariable String conversation, @RequestBody ChatRequest request) {
    if (request.message() == null || request.message().isBlank()) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "message: must not be blank");
    }
    return new ChatReply(conversation, desk.answer(conversation, request.message()));
  }

  /** Every model of the chain failed or is benched: a client may try again later. */
  @ExceptionHandler(ChainExhaustedException.class)
  ProblemDetail noModelAnswered(ChainExhaustedException e) {
    return ProblemDetail.forStatusAndDetail(
        HttpStatus.SERVICE_UNAVAILABLE, "No model could answer: " + e.getMessage());
  }
}
