package dev.actorfactory.spring.autoconfigure;

import dev.actorfactory.factory.Factory;

/**
 * Customizes factories with what YAML cannot express — a discard handler, lifecycle hooks, a stats listener, a
 * custom hash or priority function, a capacity or discard-limit controller, a job interceptor. Declare beans of this
 * type; each is called for every factory, after the properties are applied and before the factory is built, and
 * picks the factories it cares about by name:
 *
 * <pre>{@code
 * @Bean
 * FactoryCustomizer ordersDiscards(DeadLetterStore store) {
 *     return (name, builder) -> {
 *         if (name.equals("orders")) {
 *             builder.discardHandler((job, reason) -> store.save(job.key(), reason));
 *         }
 *     };
 * }
 * }</pre>
 *
 * Customizers run in {@link org.springframework.core.annotation.Order} order, on the thread that creates the
 * application context.
 */
@FunctionalInterface
public interface FactoryCustomizer {

    /** Adjusts the builder of the factory named {@code factoryName}. */
    void customize(String factoryName, Factory.Builder<Object, Object, Object> builder);
}
