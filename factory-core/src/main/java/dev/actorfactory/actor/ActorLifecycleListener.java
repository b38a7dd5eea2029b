package dev.actorfactory.actor;

/**
 * Observes every actor of a system being spawned and terminating; the registry, process groups and timers use it
 * to release what an actor held, and it suits metrics.
 *
 * <p>Threads: {@link #onSpawned} runs on the spawning thread after {@code preStart} succeeded;
 * {@link #onTerminated} runs on the terminating actor's thread after {@code postStop}, before its
 * {@link ActorRef#whenTerminated()} future completes. Both must be quick and must not block. Exceptions are
 * logged and ignored.
 */
public interface ActorLifecycleListener {

    /** An actor was spawned and its {@code preStart} succeeded. */
    default void onSpawned(ActorRef<?> actor) {
    }

    /** An actor terminated (including one whose {@code preStart} failed). */
    default void onTerminated(ActorRef<?> actor, ExitReason reason) {
    }
}
