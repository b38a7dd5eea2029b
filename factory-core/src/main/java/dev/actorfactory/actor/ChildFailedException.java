package dev.actorfactory.actor;

/**
 * Thrown by the default {@link Actor#handleSupervisionEvent} to escalate a child's failure: the supervisor fails
 * with this exception, whose cause is the child's.
 */
public class ChildFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception for {@code child}, which failed with {@code cause}. */
    public ChildFailedException(ActorRef<?> child, Throwable cause) {
        super("Child " + child + " failed: " + cause, cause);
    }
}
