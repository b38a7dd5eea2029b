package dev.actorfactory.spring.autoconfigure;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.actorfactory.factory.Factory;
import dev.actorfactory.factory.FactoryRef;

/**
 * Every factory of the application, by name. Only a registry: the factories are built by the auto-configuration
 * from the {@code factory.*} properties, the {@code @FactoryWorker} beans and the {@link FactoryCustomizer}s, and
 * started and drained by its lifecycles.
 *
 * <p>Threads: immutable; safe to read from any thread.
 */
public class FactoryRegistry {

    private final Map<String, Factory<Object, Object, Object>> factories;
    /** What the FactoryRef bean of each factory is: the factory, or its after-commit view. */
    private final Map<String, FactoryRef<Object, Object, Object>> refs;
    private final Map<String, Duration> drainTimeouts;

    /**
     * A registry of {@code factories}, by name, with the {@code FactoryRef} each one's bean is (the factory or a view
     * of it) and the drain timeout of each.
     */
    public FactoryRegistry(Map<String, Factory<Object, Object, Object>> factories,
            Map<String, ? extends FactoryRef<Object, Object, Object>> refs, Map<String, Duration> drainTimeouts) {
        this.factories = Collections.unmodifiableMap(new LinkedHashMap<>(factories));
        this.refs = Collections.unmodifiableMap(new LinkedHashMap<>(refs));
        this.drainTimeouts = Collections.unmodifiableMap(new LinkedHashMap<>(drainTimeouts));
        for (String name : factories.keySet()) {
            if (!refs.containsKey(name)) {
                throw new IllegalArgumentException("refs has no entry for the factory '" + name + "'");
            }
        }
    }

    /**
     * The factory named {@code name}, as its {@code FactoryRef} bean is: with {@code dispatch-after-commit}, a view
     * that dispatches after the surrounding transaction commits.
     *
     * @throws IllegalArgumentException if there is no such factory
     */
    public FactoryRef<Object, Object, Object> get(String name) {
        FactoryRef<Object, Object, Object> ref = refs.get(name);
        if (ref == null) {
            throw new IllegalArgumentException("No factory named '" + name + "'; factories: " + factories.keySet());
        }
        return ref;
    }

    /** The factory named {@code name}, if any. */
    public @Nullable FactoryRef<Object, Object, Object> find(String name) {
        return factories.get(name);
    }

    /** The names of all factories, in configuration order. */
    public Set<String> names() {
        return factories.keySet();
    }

    /** All factories. */
    public Collection<? extends FactoryRef<Object, Object, Object>> factories() {
        return factories.values();
    }

    /** The drain timeout configured for the factory named {@code name} (30 s unless set). */
    public Duration drainTimeoutOf(String name) {
        return drainTimeouts.getOrDefault(name, FactoryAssembler.DEFAULT_DRAIN_TIMEOUT);
    }

    /** The factories themselves, for the lifecycles that start and stop them. */
    Map<String, Factory<Object, Object, Object>> factoriesByName() {
        return factories;
    }
}
