package dev.majordomo.spring.test;

import dev.majordomo.spring.autoconfigure.MajordomoFakeAutoConfiguration;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Swaps the application's Majordomo registry for one on a fake provider, so that a
 * {@code @SpringBootTest} scripts the models' answers and no real model is ever called. Needs
 * {@code dev.majordomo:majordomo-testing} on the test class path.
 *
 * <pre>{@code
 * @SpringBootTest(properties = "majordomo.aliases.fast=openai/gpt-4o-mini")
 * @AutoConfigureMajordomoFake
 * class SupportDeskTest {
 *   @Autowired SupportDesk desk;
 *   @Autowired FakeProvider fake;
 *
 *   @Test
 *   void answers() {
 *     fake.model("gpt-4o-mini").reply("Try turning it off and on again.");
 *     assertThat(desk.help("My router blinks")).startsWith("Try");
 *   }
 * }
 * }</pre>
 *
 * <p>Every configured model {@code NAME} ({@code majordomo.models.NAME}) plays the script of {@code
 * fake.model("NAME")}, and every {@code scheme/model} element of a configured alias ({@code
 * majordomo.aliases.*}) the script of {@code fake.model("model")}: {@code fast=openai/gpt-4o-mini}
 * is played by {@code fake.model("gpt-4o-mini")}, in the alias's failover order. Other names
 * resolve through {@code LLM_*} variables set as the test's properties ({@code
 * LLM_SMART=fake/smart}); the machine's environment is never read. The registry runs on a {@code
 * FakeTimeSource} bean, so a test advances the clock past a bench instead of sleeping. The
 * application's store, listeners, policies and {@code MajordomoRegistryCustomizer} beans still
 * apply; its {@code Provider} beans do not. The fake registry is {@code @Primary}: an application
 * that defines a {@code Registry} bean of its own is tested on the fake one all the same.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration(MajordomoFakeAutoConfiguration.class)
public @interface AutoConfigureMajordomoFake {}
