package dev.actorfactory.spring.autoconfigure.health;

import java.time.Duration;
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

import dev.actorfactory.factory.clock.FactoryClock;
import dev.actorfactory.spring.autoconfigure.FactoryConfigurationException;
import dev.actorfactory.spring.autoconfigure.FactoryProperties;
import dev.actorfactory.spring.autoconfigure.FactoryRegistry;

/**
 * The {@code factory} health contributor, one entry per factory (see {@link FactoryHealthIndicator} for what makes a
 * factory DOWN), when Spring Boot's health support is present; {@code management.health.factory.enabled=false} turns
 * it off. It also adds to every factory the statistics listener that detects crash loops ({@link FactoryCrashLoops},
 * set by {@code factory.health.crash-loop.*}, checked at start).
 *
 * <p>Like Boot's own indicators, {@code factory} is part of the application's overall health but of no probe group:
 * to let it take an instance out of load balancing, add it to readiness
 * ({@code management.endpoint.health.group.readiness.include=readinessState,factory}). Liveness is no place for it:
 * restarting the JVM does not undo an operator's drain, and a crash loop comes from the jobs or what they depend on,
 * which a restart does not fix either (and would restart every instance at once when a shared dependency is down).
 *
 * <p>Threads: its bean methods run on the thread that refreshes the application context.
 */
@AutoConfiguration(afterName = "dev.actorfactory.spring.autoconfigure.FactoryAutoConfiguration")
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnEnabledHealthIndicator("factory")
public final class FactoryHealthAutoConfiguration {

    private static final String MAX_RESTARTS = "factory.health.crash-loop.max-restarts";
    private static final String WITHIN = "factory.health.crash-loop.within";

    @Bean
    @ConditionalOnMissingBean
    FactoryCrashLoops factoryCrashLoops(FactoryProperties properties) {
        FactoryProperties.HealthSettings.CrashLoop crashLoop = properties.getHealth().getCrashLoop();
        int maxRestarts = crashLoop.getMaxRestarts();
        if (maxRestarts < 1 || maxRestarts > CrashLoopDetector.MAX_RESTARTS_LIMIT) {
            throw new FactoryConfigurationException(MAX_RESTARTS + " must be between 1 and "
                    + CrashLoopDetector.MAX_RESTARTS_LIMIT + ", was " + maxRestarts + ".",
                    "Set " + MAX_RESTARTS + " to how many worker restarts in a row within " + WITHIN
                            + " a factory may have before its health is DOWN, e.g. 10 (the default).");
        }
        Duration within = crashLoop.getWithin();
        if (within == null || within.isNegative() || within.isZero()) {
            throw new FactoryConfigurationException(WITHIN + " must be a positive duration, was " + within + ".",
                    "Set " + WITHIN + " to the window worker restarts are counted in, e.g. 1m (the default).");
        }
        return new FactoryCrashLoops(maxRestarts, within, FactoryClock.system());
    }

    @Bean
    @ConditionalOnMissingBean(name = "factoryHealthContributor")
    @ConditionalOnBean(FactoryRegistry.class)
    HealthContributor factoryHealthContributor(FactoryRegistry registry, FactoryProperties properties,
            FactoryCrashLoops crashLoops) {
        Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
        for (String name : registry.names()) {
            indicators.put(name, new FactoryHealthIndicator(registry.get(name),
                    properties.getHealth().isStuckWorkersDown(), crashLoops.of(name)));
        }
        return CompositeHealthContributor.fromMap(indicators);
    }
}
