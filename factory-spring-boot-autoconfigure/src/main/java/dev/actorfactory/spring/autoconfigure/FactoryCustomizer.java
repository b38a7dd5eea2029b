package dev.actorfactory.spring.autoconfigure;

import java.util.function.Consumer;

import dev.actorfactory.factory.Factory;

/**
 * Customizes factories with what YAML cannot express — a discard handler, lifecycle hooks, a stats listener, a
 * custom hash or priority function, a capacity or discard-limit controller, a job interceptor. Declare beans of this
 * type, usually for one factory, typed with its worker's key, message and result types:
 *
 * <pre>{@code
 * @Bean
 * FactoryCustomizer ordersDiscards(DeadLetterStore store) {
 *     return FactoryCustomizer.<String, Order, Receipt>forFactory("orders",
 *             builder -> builder.discardHandler((job, reason) -> store.save(job.key(), reason)));
 * }
 * }</pre>
 *
 * A customizer for a factory that does not exist fails the start (a typo would otherwise do nothing). A plain
 * implementation is called for every factory with its name. Customizers run after the properties are applied and
 * before the factory is built, in {@link org.springframework.core.annotation.Order} order, on the thread that
 * creates the application context.
 */
@FunctionalInterface
public interface FactoryCustomizer {

    /** Adjusts the builder of the factory named {@code factoryName}. */
    void customize(String factoryName, Factory.Builder<Object, Object, Object> builder);

    /**
     * A customizer of the one factory named {@code factoryName}, whose worker takes keys {@code K} and messages
     * {@code M} and returns {@code R}.
     *
     * @throws IllegalArgumentException if the name is blank or the customizer null
     */
    static <K, M, R> FactoryCustomizer forFactory(String factoryName, Consumer<Factory.Builder<K, M, R>> customizer) {
        if (factoryName == null || factoryName.isBlank()) {
            throw new IllegalArgumentException("factoryName must name a factory, was '" + factoryName + "'");
        }
        if (customizer == null) {
            throw new IllegalArgumentException("customizer must not be null");
        }
        return new ForFactory<>(factoryName, customizer);
    }

    /**
     * A customizer of one named factory, made by {@link #forFactory}.
     *
     * @param factoryName the factory it customizes
     * @param customizer  what it does to the factory's builder
     * @param <K>         the worker's key type
     * @param <M>         the worker's message type
     * @param <R>         the worker's result type
     */
    record ForFactory<K, M, R>(String factoryName, Consumer<Factory.Builder<K, M, R>> customizer)
            implements FactoryCustomizer {

        @Override
        @SuppressWarnings({ "unchecked", "rawtypes" })
        public void customize(String name, Factory.Builder<Object, Object, Object> builder) {
            if (factoryName.equals(name)) {
                // the builder's types are erased; the factory's worker declares K, M, R
                customizer.accept((Factory.Builder<K, M, R>) (Factory.Builder) builder);
            }
        }
    }
}
