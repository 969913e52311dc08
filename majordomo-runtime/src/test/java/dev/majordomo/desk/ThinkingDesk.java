package dev.majordomo.desk;

/**
 * An assistant with a tool and a thinking budget, as a user writes it ({@code @Llm(chain =
 * "thinking")}, {@code @Options(reasoningBudgetTokens = 2048)}); its implementation is written by
 * hand as the processor generates it ({@link Majordomo_ThinkingDesk}).
 */
public interface ThinkingDesk {
  String answer(String question);
}
