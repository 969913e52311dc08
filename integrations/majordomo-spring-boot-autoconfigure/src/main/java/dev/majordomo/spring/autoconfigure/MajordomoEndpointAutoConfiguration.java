package dev.majordomo.spring.autoconfigure;

import dev.majordomo.Registry;
import dev.majordomo.spring.actuate.MajordomoEndpoint;
import java.util.ArrayList;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * The {@code majordomo} Actuator endpoint, when Actuator is on the class path and the endpoint is
 * exposed ({@code management.endpoints.web.exposure.include=majordomo}, for example).
 */
@AutoConfiguration(after = {MajordomoAutoConfiguration.class, MajordomoFakeAutoConfiguration.class})
@ConditionalOnClass(Endpoint.class)
@ConditionalOnSingleCandidate(Registry.class)
@ConditionalOnBean(MajordomoProperties.class)
@ConditionalOnAvailableEndpoint(MajordomoEndpoint.class)
public final class MajordomoEndpointAutoConfiguration {

  /** Created by Spring. */
  public MajordomoEndpointAutoConfiguration() {}

  /**
   * The endpoint over the configured aliases and models.
   *
   * @param registry the registry
   * @param properties the configured names
   * @return the endpoint
   */
  @Bean
  @ConditionalOnMissingBean
  public MajordomoEndpoint majordomoEndpoint(Registry registry, MajordomoProperties properties) {
    return new MajordomoEndpoint(
        registry, properties.getAliases(), new ArrayList<>(properties.getModels().keySet()));
  }
}
