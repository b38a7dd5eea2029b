package dev.actorfactory.factory.lifecycle;

/**
 * What a drain does with delayed jobs ({@code dispatchAfter}, {@code dispatchAt}) that are not due yet.
 */
public enum DelayedJobsAtDrain {
    /** Discard them with reason shutdown as the drain begins (default): a drain never waits for the future. */
    DISCARD,
    /**
     * Keep them: those that come due within the drain timeout are routed and run; the rest are discarded with
     * reason shutdown when the timeout passes.
     */
    WAIT
}
