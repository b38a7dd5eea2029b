package dev.actorfactory.actor;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** An {@link ActorRef#ask} received no reply within its timeout. */
public class AskTimeoutException extends TimeoutException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception for a request to {@code actor} that waited {@code timeout}. */
    public AskTimeoutException(ActorRef<?> actor, Duration timeout) {
        super("No reply from " + actor + " within " + timeout);
    }
}
