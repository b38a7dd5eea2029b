package dev.actorfactory.supervision;

/** A supervisor gave up: a child needed more restarts than its strategy's maximum intensity allows. */
public class RestartIntensityExceededException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception; {@code cause} is the child's last failure, if any. */
    public RestartIntensityExceededException(String message, Throwable cause) {
        super(message, cause);
    }
}
