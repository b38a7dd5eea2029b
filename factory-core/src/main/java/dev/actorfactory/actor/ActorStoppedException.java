package dev.actorfactory.actor;

/**
 * A message could not be delivered because its actor is not alive: thrown by operations that need a live actor
 * and used to fail {@link ActorRef#ask} futures whose request reached the dead letters.
 */
public class ActorStoppedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final transient ActorRef<?> actor;

    /** Creates the exception for {@code actor}. */
    public ActorStoppedException(ActorRef<?> actor) {
        super("Actor " + actor + " is not alive; the message was not delivered (see dead letters)");
        this.actor = actor;
    }

    /** Creates the exception for {@code actor} with a specific message. */
    public ActorStoppedException(ActorRef<?> actor, String message) {
        super(message);
        this.actor = actor;
    }

    /** The actor that was not alive. */
    public ActorRef<?> actor() {
        return actor;
    }
}
