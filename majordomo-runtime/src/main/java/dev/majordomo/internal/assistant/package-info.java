/**
 * What generated assistants call: {@link dev.majordomo.internal.assistant.AssistantRuntime} runs a
 * method's {@link dev.majordomo.internal.assistant.MethodPlan} with its {@link
 * dev.majordomo.internal.assistant.CallPrompt} through the chain, the tool loop and a {@link
 * dev.majordomo.internal.assistant.ReplyDecoder}; {@link dev.majordomo.internal.assistant.Json}
 * decodes replies and tool arguments with paths in its errors.
 *
 * <p><strong>Internal:</strong> public only because generated code, in the user's packages, calls
 * it. Not part of Majordomo's API and may change in any release; the processor and the runtime of
 * one release go together. User code should not depend on it.
 */
package dev.majordomo.internal.assistant;
