package dev.actorfactory.spring.autoconfigure;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code @FactoryWorker} bean definitions found at start-up: factory name → worker bean name. Registered by
 * {@link FactoryWorkerRegistrar}; read by {@link FactoryRegistry}. Immutable once the context is refreshed.
 */
public final class FactoryWorkerDefinitions {

    private final Map<String, String> beanNamesByFactory;

    FactoryWorkerDefinitions(Map<String, String> beanNamesByFactory) {
        this.beanNamesByFactory = Collections.unmodifiableMap(new LinkedHashMap<>(beanNamesByFactory));
    }

    /** Factory name → worker bean name, in discovery order. */
    public Map<String, String> beanNamesByFactory() {
        return beanNamesByFactory;
    }
}
