package dev.actorfactory.factory;

import org.jspecify.annotations.Nullable;

/** A factory could not start: a worker could not be built, or the on-started hook failed (the cause). */
public class FactoryStartException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public FactoryStartException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
