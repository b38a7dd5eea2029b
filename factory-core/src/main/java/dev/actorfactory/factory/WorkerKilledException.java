package dev.actorfactory.factory;

/**
 * The dead man's switch killed the worker running a job: it ran longer than the detection timeout. The job fails
 * with this exception unless its retry policy allows another attempt.
 */
public class WorkerKilledException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public WorkerKilledException(String message) {
        super(message);
    }
}
