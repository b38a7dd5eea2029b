package dev.actorfactory.factory.discard;

/** The failure of a {@code call} whose job was discarded: {@code "discarded: <reason>"}. */
public class JobDiscardedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final DiscardReason reason;

    /** Creates the exception for a job of {@code factory} discarded for {@code reason}. */
    public JobDiscardedException(String factory, DiscardReason reason) {
        super("discarded: " + reason.tagValue() + " (factory '" + factory + "')", null, false, false);
        this.reason = reason;
    }

    /** Why the job was discarded. */
    public DiscardReason reason() {
        return reason;
    }
}
