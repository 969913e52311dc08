/**
 * The provider SPI and the canonical contract every provider speaks: what a provider author
 * implements ({@link dev.majordomo.llm.Provider}, {@link dev.majordomo.llm.Model}, {@link
 * dev.majordomo.llm.ResponseStream}) and uses ({@link dev.majordomo.llm.Request}, {@link
 * dev.majordomo.llm.Response}, {@link dev.majordomo.llm.Message}, {@link dev.majordomo.llm.Part},
 * {@link dev.majordomo.llm.StreamEvent}, {@link dev.majordomo.llm.LlmException} with its {@link
 * dev.majordomo.llm.ErrorKind}, {@link dev.majordomo.llm.ModelSpec}, {@link
 * dev.majordomo.llm.ProviderContext}, ...). Users meet some of these types too: a {@link
 * dev.majordomo.llm.Target} in every reply, {@link dev.majordomo.llm.Usage}, {@link
 * dev.majordomo.llm.Attempt}.
 *
 * <h2>Records with hand-written {@code equals} and {@code hashCode}</h2>
 *
 * <p>{@link dev.majordomo.llm.Target}, {@link dev.majordomo.llm.ModelSpec}, {@link
 * dev.majordomo.chain.FailoverPolicy} and {@link dev.majordomo.health.HealthPolicy} write out
 * {@code equals} and {@code hashCode}: a record's generated ones bootstrap {@code
 * java.lang.runtime.ObjectMethods} on first use, tens of milliseconds of a cold start (B2 in {@code
 * docs/performance.md}), and these records are compared on every registry's first call. They
 * compare every component, as the generated ones do; {@code RecordEqualityTest} checks that by
 * reflection, so a component added later and forgotten fails there.
 */
package dev.majordomo.llm;
