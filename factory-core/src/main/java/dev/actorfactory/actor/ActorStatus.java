package dev.actorfactory.actor;

/** The lifecycle status of an actor, as reported by {@link ActorRef#status()}. */
public enum ActorStatus {
    /** {@code preStart} is running on the spawner's thread; messages are queued. */
    STARTING,
    /** Started and taking messages. */
    RUNNING,
    /** A stop or kill was requested, or the actor failed; it is finishing its current work and cleaning up. */
    STOPPING,
    /** Terminated: {@code postStop} ran, its name and groups are released; messages go to dead letters. */
    STOPPED
}
