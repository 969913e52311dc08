/**
 * For users' tests (add {@code majordomo-testing} with test scope): {@link
 * dev.majordomo.testing.FakeProvider} scripts what each model answers and records every request,
 * {@link dev.majordomo.testing.FakeTimeSource} is a clock that moves only when told to, and {@link
 * dev.majordomo.testing.MajordomoTest} gives each JUnit 5 test its own fake provider, clock and
 * registry. {@link dev.majordomo.testing.ConversationStoreContract} tests a conversation store of
 * your own. A chain in production never resolves {@code fake/…}: only this artifact registers the
 * scheme.
 */
package dev.majordomo.testing;
