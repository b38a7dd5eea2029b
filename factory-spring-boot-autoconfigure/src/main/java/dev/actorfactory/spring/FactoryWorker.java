package dev.actorfactory.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;
import org.springframework.core.annotation.AliasFor;

/**
 * Marks a class implementing {@link dev.actorfactory.factory.worker.Worker} as the worker of the factory named
 * {@link #value()}. The class becomes a prototype-scoped component: every worker slot gets its own instance (so
 * per-worker state in fields is safe), and a worker that crashed or was killed is replaced by a new instance from
 * the application context — constructor injection works as for any bean.
 *
 * <pre>{@code
 * @FactoryWorker("orders")
 * class OrderWorker implements Worker<String, Order, Receipt> {
 *     OrderWorker(OrderRepository repository) { ... }
 *     public Receipt handle(Job<String, Order> job) { ... }
 * }
 * }</pre>
 *
 * The factory is configured under {@code factory.instances.<name>} and exposed as a
 * {@link dev.actorfactory.factory.FactoryRef} bean named after it. Misuse fails the start with a readable report:
 * the annotation on a class that is not a worker, or two worker classes for one factory name.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
public @interface FactoryWorker {

    /**
     * The factory's name: the key under {@code factory.instances} and the name of its {@code FactoryRef} bean. (It
     * is an alias of {@link #name()}; being an explicit alias keeps Spring from taking it as the worker's own bean
     * name, which would clash with the {@code FactoryRef} bean.)
     */
    @AliasFor("name")
    String value() default "";

    /** The factory's name; an alias of {@link #value()}. */
    @AliasFor("value")
    String name() default "";
}
