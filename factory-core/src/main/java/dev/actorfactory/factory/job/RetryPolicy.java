package dev.actorfactory.factory.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.actorfactory.internal.Arguments;
import dev.actorfactory.supervision.Backoff;

/**
 * Whether and how a job is tried again when its worker failed on it (an exception) or was killed while running
 * it (the dead man's switch, a {@code dev.actorfactory.factory.WorkerKilledException}): never, up to N more times,
 * or forever, with an optional {@link Backoff} between attempts (fixed, or exponential with a cap and jitter), and
 * optionally only for some errors. Immutable.
 *
 * <pre>{@code
 * RetryPolicy.times(4)
 *         .withBackoff(Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(10)).withJitter(0.2))
 *         .retryOn(IOException.class, TimeoutException.class)   // only these are worth another try
 *         .noRetryOn(FileNotFoundException.class);               // except this one
 * }</pre>
 *
 * <p>An error is retried if it is not an instance of a {@link #noRetryOn} type and, when {@link #retryOn} types
 * are given, is an instance of one of them (the error itself is matched, not its causes). A job whose error is not
 * retried fails at once, whatever attempts are left.
 *
 * <p>Each retry is a new attempt ({@code Job.attempt()} + 1). Under key-ordered routing (key-persistent,
 * sticky-queuer) a retry keeps the job's place: it runs before any later job of its key, and only its key waits out
 * the backoff (the worker serves its other keys meanwhile), so per-key order holds.
 *
 * @param maxRetries retries after the first attempt; {@link Integer#MAX_VALUE} means forever
 * @param backoff    the delay before retry n (1-based)
 * @param retryOn    if not empty, only errors of these types are retried
 * @param noRetryOn  errors of these types are never retried
 */
public record RetryPolicy(int maxRetries, Backoff backoff, List<Class<? extends Throwable>> retryOn,
        List<Class<? extends Throwable>> noRetryOn) {

    private static final RetryPolicy NONE = new RetryPolicy(0, Backoff.none());

    /** Validates the arguments. */
    public RetryPolicy {
        Arguments.atLeast(maxRetries, 0, "maxRetries");
        Arguments.notNull(backoff, "backoff");
        retryOn = List.copyOf(Arguments.notNull(retryOn, "retryOn"));
        noRetryOn = List.copyOf(Arguments.notNull(noRetryOn, "noRetryOn"));
    }

    /** A policy that retries every error. */
    public RetryPolicy(int maxRetries, Backoff backoff) {
        this(maxRetries, backoff, List.of(), List.of());
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
        return new RetryPolicy(maxRetries, backoff, retryOn, noRetryOn);
    }

    /** This policy, retrying only errors of these types (and their subtypes); replaces earlier ones. */
    @SafeVarargs
    public final RetryPolicy retryOn(Class<? extends Throwable>... types) {
        return new RetryPolicy(maxRetries, backoff, checked(types, "types"), noRetryOn);
    }

    /** This policy, never retrying errors of these types (and their subtypes); replaces earlier ones. */
    @SafeVarargs
    public final RetryPolicy noRetryOn(Class<? extends Throwable>... types) {
        return new RetryPolicy(maxRetries, backoff, retryOn, checked(types, "types"));
    }

    private static List<Class<? extends Throwable>> checked(Class<? extends Throwable>[] types, String argument) {
        Arguments.notNull(types, argument);
        List<Class<? extends Throwable>> list = new ArrayList<>();
        for (Class<? extends Throwable> type : types) {
            list.add(Arguments.notNull(type, argument + " element"));
        }
        return list;
    }

    /** Whether a job that has run {@code attempts} times may run again (whatever its error). */
    public boolean allowsAnotherAttempt(int attempts) {
        return attempts <= maxRetries;
    }

    /** Whether {@code error} is worth another attempt under the {@link #retryOn} and {@link #noRetryOn} rules. */
    public boolean retries(Throwable error) {
        for (Class<? extends Throwable> type : noRetryOn) {
            if (type.isInstance(error)) {
                return false;
            }
        }
        if (retryOn.isEmpty()) {
            return true;
        }
        for (Class<? extends Throwable> type : retryOn) {
            if (type.isInstance(error)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a job that has run {@code attempts} times and failed with {@code error} runs again. */
    public boolean allowsRetry(int attempts, Throwable error) {
        return allowsAnotherAttempt(attempts) && retries(error);
    }

    /** The delay before the attempt that follows attempt number {@code attempts}. */
    public Duration delayAfter(int attempts) {
        return backoff.delay(attempts);
    }
}
