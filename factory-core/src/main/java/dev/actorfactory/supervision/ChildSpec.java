package dev.actorfactory.supervision;

import java.util.function.Supplier;

import dev.actorfactory.actor.Actor;
import dev.actorfactory.actor.SpawnOptions;
import dev.actorfactory.internal.Arguments;

/**
 * How a {@link Supervisor} starts and restarts one child: an id, a factory that makes a fresh actor definition
 * for every incarnation, when to restart it, and its spawn options (name, dispatcher; the supervisor link is set
 * by the supervisor).
 *
 * @param id      unique among the supervisor's children
 * @param factory makes the actor of each incarnation
 * @param restart when the child is restarted
 * @param options spawn options for every incarnation
 * @param <M>     the child's message type
 */
public record ChildSpec<M>(String id, Supplier<? extends Actor<M, ?>> factory, Restart restart, SpawnOptions options) {

    /** When a child is restarted (Erlang's restart types). */
    public enum Restart {
        /** Always: after a stop, a kill or a failure. */
        PERMANENT,
        /** Only after an abnormal end: a kill or a failure. */
        TRANSIENT,
        /** Never; the child is forgotten when it ends. */
        TEMPORARY
    }

    /** Validates the arguments. */
    public ChildSpec {
        Arguments.notBlank(id, "id");
        Arguments.notNull(factory, "factory");
        Arguments.notNull(restart, "restart");
        Arguments.notNull(options, "options");
    }

    /** A permanent child with default spawn options. */
    public static <M> ChildSpec<M> permanent(String id, Supplier<? extends Actor<M, ?>> factory) {
        return new ChildSpec<>(id, factory, Restart.PERMANENT, SpawnOptions.defaults());
    }

    /** A transient child (restarted only after a kill or failure) with default spawn options. */
    public static <M> ChildSpec<M> transientChild(String id, Supplier<? extends Actor<M, ?>> factory) {
        return new ChildSpec<>(id, factory, Restart.TRANSIENT, SpawnOptions.defaults());
    }

    /** This spec with other spawn options. */
    public ChildSpec<M> withOptions(SpawnOptions options) {
        return new ChildSpec<>(id, factory, restart, options);
    }
}
