package dev.actorfactory.spring.autoconfigure.endpoint;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.actorfactory.spring.autoconfigure.FactoryRegistry;

/**
 * The {@code factories} Actuator endpoint, when Actuator is present and the endpoint is available, with the
 * {@link FactoryLatencies} recorder behind its percentiles.
 */
@AutoConfiguration(afterName = "dev.actorfactory.spring.autoconfigure.FactoryAutoConfiguration")
@ConditionalOnClass(Endpoint.class)
@ConditionalOnAvailableEndpoint(FactoriesEndpoint.class)
public final class FactoriesEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(FactoryRegistry.class)
    FactoriesEndpoint factoriesEndpoint(FactoryRegistry registry, ObjectProvider<FactoryLatencies> latencies) {
        return new FactoriesEndpoint(registry, latencies.getIfAvailable());
    }

    @Bean
    @ConditionalOnMissingBean
    FactoryLatencies factoryLatencies() {
        return new FactoryLatencies();
    }
}
