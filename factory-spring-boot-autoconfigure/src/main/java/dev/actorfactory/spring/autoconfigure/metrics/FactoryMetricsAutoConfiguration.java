package dev.actorfactory.spring.autoconfigure.metrics;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.actorfactory.spring.autoconfigure.FactoryRegistry;
import io.micrometer.core.instrument.MeterRegistry;

/** Micrometer metrics of the factories, when Micrometer is on the class path. */
@AutoConfiguration(afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
public final class FactoryMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    FactoryMetrics factoryMetrics(ObjectProvider<FactoryRegistry> registry) {
        return new FactoryMetrics(registry);
    }
}
