/**
 * The annotations that turn a plain Java interface into an LLM-backed assistant. They are read by
 * the Majordomo annotation processor at compile time ({@code CLASS} retention); nothing reads them
 * by reflection at run time.
 *
 * <p>See {@code docs/annotations.md} for the full reference.
 */
package dev.majordomo.annotations;
