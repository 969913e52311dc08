package dev.majordomo.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot web application whose chat endpoint is backed by a Majordomo assistant, with a tool
 * bean and conversation memory. Without a profile it runs the {@code offline} profile: its model is
 * a scripted OpenAI-style endpoint served by the application itself ({@link
 * OfflineModelController}), so it answers with no API key and no network.
 */
@SpringBootApplication
public class ChatApplication {
  public static void main(String[] args) {
    SpringApplication.run(ChatApplication.class, args);
  }
}
