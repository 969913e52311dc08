package dev.majordomo.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the parameter of an assistant method whose value names the conversation the call continues.
 * The call sends the conversation's stored history before the new user message, and on success
 * stores the new turn.
 *
 * <p>The parameter is a {@code String}, a {@code UUID}, a {@code long} or {@code Long}, an {@code
 * int} or {@code Integer}, or an enum (its constant's name); the processor rejects other types,
 * because the conversation must be found again from a value whose text never changes. At most one
 * parameter of a method carries it.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface MemoryId {}
