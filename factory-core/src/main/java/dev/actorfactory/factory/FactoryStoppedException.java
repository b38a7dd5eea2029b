package dev.actorfactory.factory;

/**
 * A job was running when its factory's drain timed out (or the factory was stopped): the worker's thread was
 * interrupted and the job failed with this exception. Its result, if the worker ever returns, is ignored.
 */
public class FactoryStoppedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public FactoryStoppedException(String message) {
        super(message);
    }
}
