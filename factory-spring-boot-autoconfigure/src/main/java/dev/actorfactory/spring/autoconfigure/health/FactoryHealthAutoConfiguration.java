package dev.actorfactory.spring.autoconfigure.health;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import dev.actorfactory.spring.autoconfigure.FactoryProperties;
import dev.actorfactory.spring.autoconfigure.FactoryRegistry;

/**
 * The {@code factory} health contributor, one entry per factory, when Spring Boot's health support is present;
 * {@code management.health.factory.enabled=false} turns it off.
 */
@AutoConfiguration(afterName = "dev.actorfactory.spring.autoconfigure.FactoryAutoConfiguration")
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnEnabledHealthIndicator("factory")
public final class FactoryHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "factoryHealthContributor")
    @ConditionalOnBean(FactoryRegistry.class)
    HealthContributor factoryHealthContributor(FactoryRegistry registry, FactoryProperties properties) {
        Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
        for (String name : registry.names()) {
            indicators.put(name, new FactoryHealthIndicator(registry.get(name),
                    properties.getHealth().isStuckWorkersDown()));
        }
        return CompositeHealthContributor.fromMap(indicators);
    }
}
