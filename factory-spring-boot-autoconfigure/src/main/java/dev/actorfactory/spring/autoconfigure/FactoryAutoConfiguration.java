package dev.actorfactory.spring.autoconfigure;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import dev.actorfactory.factory.Factory;

/**
 * Auto-configuration of actor factories: {@code factory.*} properties, {@code @FactoryWorker} discovery, one
 * {@link dev.actorfactory.factory.FactoryRef} bean per factory (named after it), the {@link FactoryRegistry}, and the
 * lifecycles that start the factories before web traffic and drain them on shutdown.
 */
@AutoConfiguration
@ConditionalOnClass(Factory.class)
@EnableConfigurationProperties(FactoryProperties.class)
public final class FactoryAutoConfiguration {

    @Bean
    static FactoryWorkerRegistrar factoryWorkerRegistrar() {
        return new FactoryWorkerRegistrar();
    }

    @Bean
    @ConditionalOnMissingBean
    FactoryRegistry factoryRegistry(FactoryProperties properties, BeanFactory beanFactory,
            ObjectProvider<FactoryWorkerDefinitions> workers, ObjectProvider<FactoryCustomizer> customizers,
            Environment environment) {
        return new FactoryAssembler(properties, workers.getIfAvailable(() -> new FactoryWorkerDefinitions(
                java.util.Map.of())), beanFactory, customizers.orderedStream().toList(), environment).assemble();
    }

    @Bean
    FactoryLifecycles.Start factoryStartLifecycle(FactoryRegistry registry) {
        return new FactoryLifecycles.Start(registry);
    }

    @Bean
    FactoryLifecycles.Drain factoryDrainLifecycle(FactoryRegistry registry,
            ObjectProvider<LifecycleProperties> lifecycle, Environment environment) {
        // Boot's own spring.lifecycle properties where its auto-configuration is in place; else bound the same way
        LifecycleProperties properties = lifecycle.getIfAvailable(() -> Binder.get(environment)
                .bind("spring.lifecycle", LifecycleProperties.class).orElseGet(LifecycleProperties::new));
        return new FactoryLifecycles.Drain(registry, properties.getTimeoutPerShutdownPhase());
    }
}
