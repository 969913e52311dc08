package dev.majordomo.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives each test of the annotated class its own fake world: a {@link FakeProvider}, a {@link
 * FakeTimeSource} stopped at {@link FakeTimeSource#DEFAULT_START}, a {@link dev.majordomo.Registry
 * Registry} built on those two, and any assistant (an {@code @Llm} interface the processor
 * generated an implementation for) created on that registry.
 *
 * <pre>{@code
 * @MajordomoTest
 * class GreeterTest {
 *   @Test
 *   void greets(Greeter greeter, FakeProvider fake) {
 *     fake.model("primary").reply("Hello, Ada!");
 *
 *     assertEquals("Hello, Ada!", greeter.greet("Ada"));
 *     assertEquals("Greet Ada.", fake.lastRequest("primary").userText());
 *   }
 * }
 * }</pre>
 *
 * <p>They are injected as parameters of test methods, {@code @BeforeEach} and {@code @AfterEach}
 * methods and constructors, and into the test instance's non-static, non-final fields of those
 * types that hold {@code null} before each test (they are set back to {@code null} after it).
 * Within one test every injection point gets the same instances; no two tests share any, so tests
 * may run in parallel. Nothing is injected into {@code @BeforeAll} methods: there is no test yet,
 * nor into the fields of a per-class test instance whose tests run concurrently, which they would
 * share (that is an error naming the field; take parameters there).
 *
 * <p>The registry knows the fake provider only (no provider is discovered on the class path, so a
 * test can never reach a real model), runs on the fake clock, and reads its {@code LLM_*} variables
 * from {@link #env()} alone, never from the machine's environment. A chain {@code "fake/primary"}
 * plays the script of {@code fake.model("primary")}; an assistant whose chain names a model such as
 * {@code "fast"} is pointed at a fake one with {@code @MajordomoTest(env = "LLM_FAST=fake/fast")}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(MajordomoExtension.class)
public @interface MajordomoTest {
  /**
   * {@return the environment of the injected registry}, as {@code NAME=VALUE} entries (for example
   * {@code "LLM_FAST=fake/a,fake/b"}); empty by default. The registry reads nothing else.
   */
  String[] env() default {};
}
