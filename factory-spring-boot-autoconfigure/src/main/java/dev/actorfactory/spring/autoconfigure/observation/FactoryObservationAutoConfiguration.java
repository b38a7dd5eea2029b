package dev.actorfactory.spring.autoconfigure.observation;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.actorfactory.spring.autoconfigure.FactoryCustomizer;
import io.micrometer.observation.ObservationRegistry;

/**
 * Observation of factory jobs when an {@link ObservationRegistry} bean exists: every factory gets a
 * {@link FactoryJobObservationInterceptor}, so each job runs in a child observation of its caller's, with the
 * caller's MDC. A {@link FactoryJobObservationConvention} bean renames it or changes its tags. Replace it by declaring a bean named {@code factoryObservationCustomizer}; a
 * {@link FactoryCustomizer} that sets its own job interceptor on a factory replaces this one for that factory.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
public final class FactoryObservationAutoConfiguration {

    @Bean
    @ConditionalOnBean(ObservationRegistry.class)
    @ConditionalOnMissingBean(name = "factoryObservationCustomizer")
    FactoryCustomizer factoryObservationCustomizer(ObservationRegistry registry,
            ObjectProvider<FactoryJobObservationConvention> convention) {
        FactoryJobObservationConvention custom = convention.getIfUnique();
        return (name, builder) -> builder.jobInterceptor(new FactoryJobObservationInterceptor(name, registry,
                custom));
    }
}
