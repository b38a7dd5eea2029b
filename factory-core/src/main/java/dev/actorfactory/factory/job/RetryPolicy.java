package dev.actorfactory.factory.job;

import java.time.Duration;

import dev.actorfactory.internal.Arguments;
import dev.actorfactory.supervision.Backoff;

/**
 * Whether and how a job is tried again when its worker failed on it (an exception) or was killed while running
 * it (the dead man's switch): never, up to N more times, or forever, with an optional {@link Backoff} between
 * attempts. Immutable.
 *
 * <p>Each retry is a new attempt ({@code Job.attempt()} + 1). Under key-ordered routing (key-persistent,
 * sticky-queuer) a retry keeps the job's place: it runs before any later job of its key, and only its key waits out
 * the backoff (the worker serves its other keys meanwhile), so per-key order holds.
 *
 * @param maxRetries retries after the first attempt; {@link Integer#MAX_VALUE} means forever
 * @param backoff    the delay before retry n (1-based)
 */
public record RetryPolicy(int maxRetries, Backoff backoff) {

    private static final RetryPolicy NONE = new RetryPolicy(0, Backoff.none());

    /** Validates the arguments. */
    public RetryPolicy {
        Arguments.atLeast(maxRetries, 0, "maxRetries");
        Arguments.notNull(backoff, "backoff");
    }

    /** No retry: a failed job fails. */
    public static RetryPolicy none() {
        return NONE;
    }

    /** Up to {@code retries} more attempts, at once. */
    public static RetryPolicy times(int retries) {
        return new RetryPolicy(retries, Backoff.none());
    }

    /** Retries until the job succeeds. */
    public static RetryPolicy forever() {
        return new RetryPolicy(Integer.MAX_VALUE, Backoff.none());
    }

    /** This policy with a backoff between attempts. */
    public RetryPolicy withBackoff(Backoff backoff) {
        return new RetryPolicy(maxRetries, backoff);
    }

    /** Whether a job that has run {@code attempts} times may run again. */
    public boolean allowsAnotherAttempt(int attempts) {
        return attempts <= maxRetries;
    }

    /** The delay before the attempt that follows attempt number {@code attempts}. */
    public Duration delayAfter(int attempts) {
        return backoff.delay(attempts);
    }
}
