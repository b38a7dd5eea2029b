package dev.actorfactory.actor;

import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.actorfactory.timer.Cancellable;

/**
 * What an actor can do from inside its own hooks: know itself, spawn linked children, set timers and stop.
 *
 * <p>Threads: meant to be used by the actor's own hooks. {@link #self()} may be handed to other threads freely;
 * the other methods are safe from any thread too, but their meaning ("my children", "my timers") is the actor's.
 *
 * @param <M> the actor's message type
 */
public interface ActorContext<M> {

    /** The reference to this actor, to hand to others. */
    ActorRef<M> self();

    /** The system this actor belongs to. */
    ActorSystem system();

    /**
     * Spawns a child linked to this actor: this actor's {@link Actor#handleSupervisionEvent} receives its
     * started, terminated and failed events, and the child is stopped when this actor terminates.
     *
     * @throws SpawnException if the child's {@code preStart} fails
     */
    <C, S extends @Nullable Object> ActorRef<C> spawnChild(Actor<C, S> child, SpawnOptions options);

    /** Spawns an anonymous linked child on this system's default dispatcher; see {@link #spawnChild(Actor, SpawnOptions)}. */
    default <C, S extends @Nullable Object> ActorRef<C> spawnChild(Actor<C, S> child) {
        return spawnChild(child, SpawnOptions.defaults());
    }

    /** The live children linked to this actor (a snapshot). */
    Set<ActorRef<?>> children();

    /** Sends {@code message} to this actor after {@code delay}, unless it stopped meanwhile. */
    default Cancellable sendAfter(Duration delay, M message) {
        return system().timers().sendAfter(self(), delay, message);
    }

    /** Sends a message from {@code message} to this actor every {@code period} until cancelled or stopped. */
    default Cancellable sendInterval(Duration period, Supplier<? extends M> message) {
        return system().timers().sendInterval(self(), period, message);
    }

    /** Stops this actor gracefully after {@code delay}. */
    default Cancellable stopAfter(Duration delay) {
        return system().timers().stopAfter(self(), delay, "stop-after timer");
    }

    /** Kills this actor after {@code delay}. */
    default Cancellable killAfter(Duration delay) {
        return system().timers().killAfter(self(), delay);
    }

    /** Stops this actor once the current hook returns; same as {@code self().stop(reason)}. */
    default void stopSelf(@Nullable String reason) {
        self().stop(reason);
    }
}
