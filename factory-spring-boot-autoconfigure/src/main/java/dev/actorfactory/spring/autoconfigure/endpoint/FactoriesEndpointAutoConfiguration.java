package dev.actorfactory.spring.autoconfigure.endpoint;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Bean;

import dev.actorfactory.spring.autoconfigure.FactoryRegistry;

/**
 * The {@code factories} Actuator endpoint, when Actuator is present and the endpoint is available, with the
 * {@link FactoryLatencies} recorder behind its percentiles, and the strict parsing of its request bodies
 * ({@link FactoriesRequestAdvisor}; on Spring MVC with the raw body from {@link FactoriesRequestBodyCapture}).
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

    @Bean
    static FactoriesRequestAdvisor factoriesRequestAdvisor() {
        return new FactoriesRequestAdvisor();
    }

    /** On Spring MVC: the raw body of a write to the endpoint, for the strict parser. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = { "org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdvice",
            "org.springframework.boot.webmvc.actuate.endpoint.web.WebMvcEndpointHandlerMapping",
            "tools.jackson.databind.json.JsonMapper" })
    static final class RawRequestBody {

        @Bean
        FactoriesRequestBodyCapture factoriesRequestBodyCapture(ObjectProvider<PathMappedEndpoints> paths) {
            return new FactoriesRequestBodyCapture(paths);
        }
    }
}
