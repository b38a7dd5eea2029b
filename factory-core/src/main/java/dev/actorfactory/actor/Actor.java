package dev.actorfactory.actor;

import org.jspecify.annotations.Nullable;

/**
 * The definition of an actor: what it does with each message, and its lifecycle hooks. Modelled on ractor and
 * Erlang's {@code gen_server}: the definition itself holds no mutable state; {@link #preStart} builds the
 * state object {@code S}, which every later hook receives and may mutate freely, because the runtime never runs
 * two hooks of one actor at the same time and each hook sees every change made by the previous one.
 *
 * <p>Lifecycle, in order:
 * <ol>
 *   <li>{@link #preStart} runs on the spawning thread and builds the state; if it throws, the spawn fails with
 *       a {@link SpawnException} carrying the cause and the actor never exists for anyone else;</li>
 *   <li>{@link #postStart} runs on the dispatcher before the first message;</li>
 *   <li>{@link #handle} runs once per user message, {@link #handleSupervisionEvent} once per event about a
 *       linked child; supervision events are handled before queued user messages;</li>
 *   <li>{@link #postStop} runs once when the actor stops, is killed, or fails (but not when
 *       {@code preStart} failed).</li>
 * </ol>
 *
 * <p>An exception thrown by any hook fails this actor only: it stops, its supervisor receives
 * {@link SupervisionEvent.ActorFailed}, and no thread or pool is harmed.
 *
 * <p>Threads: hooks are called by the runtime only, never concurrently for one actor. Implementations need no
 * synchronisation for their state. A single {@code Actor} instance may be spawned several times (each spawn gets
 * its own state), provided it keeps no mutable fields of its own.
 *
 * @param <M> the type of user messages
 * @param <S> the type of the state built by {@link #preStart}
 */
@FunctionalInterface
public interface Actor<M, S extends @Nullable Object> {

    /**
     * Builds the actor's initial state. Runs on the thread that called {@code spawn}, before the reference is
     * returned. Messages sent to the actor meanwhile are queued.
     *
     * @return the state handed to every later hook; {@code null} for a stateless actor
     * @throws Exception to make the spawn fail; the spawner receives it as the cause of a {@link SpawnException}
     */
    default S preStart(ActorContext<M> context) throws Exception {
        return null;
    }

    /** Runs on the dispatcher once, before the first message. An exception fails the actor. */
    default void postStart(ActorContext<M> context, S state) throws Exception {
    }

    /**
     * Handles one user message. May block only if the actor runs on a blocking dispatcher.
     *
     * @throws Exception to fail the actor; a pending {@code ask} being handled fails with the same exception
     */
    void handle(ActorContext<M> context, M message, S state) throws Exception;

    /**
     * Handles an event about a linked child. The default escalates failures the Erlang way: when a child fails,
     * this actor fails too (with {@link ChildFailedException}), so its own supervisor hears of it. Override it to
     * restart children, or use {@link dev.actorfactory.supervision.Supervisor}.
     */
    default void handleSupervisionEvent(ActorContext<M> context, SupervisionEvent event, S state) throws Exception {
        if (event instanceof SupervisionEvent.ActorFailed failed) {
            throw new ChildFailedException(failed.actor(), failed.error());
        }
    }

    /**
     * Runs once when the actor terminates (stopped, killed or failed). An exception here is logged and turns a
     * normal stop into a failure. Queued messages that were not handled go to the dead letters afterwards.
     */
    default void postStop(ActorContext<M> context, S state) throws Exception {
    }
}
