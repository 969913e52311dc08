/**
 * The annotation processor that implements {@code @Llm} interfaces at compile time. Its only public
 * type, {@link dev.majordomo.processor.MajordomoProcessor}, is what javac loads; everything else is
 * package-private. Its path holds the annotations, the grammar and JavaPoet, never the runtime.
 */
package dev.majordomo.processor;
