package dev.actorfactory.factory.discard;

/**
 * Why a job was discarded. The discarded attempt never ran, and no later one will; {@code Job.attempt()} in the
 * discard handler tells which attempt it was (above 1 when an earlier attempt failed or was killed and its retry
 * was discarded).
 */
public enum DiscardReason {
    /** It waited in a queue longer than its time-to-live. */
    TTL_EXPIRED,
    /** A queue was at its limit (load shedding). */
    LOAD_SHED,
    /** It was submitted while the factory was draining or stopped, or was still queued when the drain timed out. */
    SHUTDOWN,
    /** The factory's rate limiter had no token for it. */
    RATE_LIMITED,
    /**
     * It was withdrawn before a worker took it: {@code FactoryRef.cancel(jobId)}, {@code JobFuture.cancel}, or a
     * {@code call} whose timeout passed while it was still queued.
     */
    CANCELLED;

    /** The lowercase, dashed form used in metrics tags and logs, e.g. {@code load-shed}. */
    public String tagValue() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
