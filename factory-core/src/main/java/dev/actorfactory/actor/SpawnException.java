package dev.actorfactory.actor;

import org.jspecify.annotations.Nullable;

/** A spawn failed: the actor's {@code preStart} threw (the cause), or its supervisor was not alive. */
public class SpawnException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public SpawnException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
