package dev.actorfactory.actor;

/**
 * An event about a child actor, delivered to its supervisor's {@link Actor#handleSupervisionEvent} ahead of
 * queued user messages.
 *
 * <p>For every successfully spawned child the supervisor receives exactly one {@link ActorStarted}, followed by
 * exactly one of {@link ActorTerminated} (stopped or killed) or {@link ActorFailed}. A child whose
 * {@code preStart} fails produces no event: the spawner gets the error directly.
 */
public sealed interface SupervisionEvent {

    /** The child the event is about. */
    ActorRef<?> actor();

    /** The child's {@code preStart} succeeded. */
    record ActorStarted(ActorRef<?> actor) implements SupervisionEvent {
    }

    /** The child stopped gracefully or was killed; {@code reason} says which. */
    record ActorTerminated(ActorRef<?> actor, ExitReason reason) implements SupervisionEvent {
    }

    /** An exception escaped one of the child's hooks; the child has terminated. */
    record ActorFailed(ActorRef<?> actor, Throwable error) implements SupervisionEvent {
    }
}
