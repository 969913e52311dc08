/**
 * Observing calls from outside: the {@link dev.majordomo.observation.Observer} SPI that a tracing
 * or metrics integration implements, and the begin/end pairs it sees. An observer is given to
 * {@code Registry.builder().observer(..)} or {@code Assistants.builder(..).observer(..)}; {@code
 * docs/observability.md} describes what it receives and when.
 */
package dev.majordomo.observation;
