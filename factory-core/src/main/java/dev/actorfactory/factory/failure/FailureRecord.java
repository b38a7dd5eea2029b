package dev.actorfactory.factory.failure;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One entry of a factory's ring of recent failures ({@code FactoryRef.recentFailures()}): enough to find the job
 * and the cause in an incident, without keeping the job's message alive. Immutable.
 *
 * @param jobId          the job's id
 * @param key            the job's key as the factory's {@link KeyDisclosure} shows it (plain, hashed or hidden)
 * @param attempt        the attempt that failed (1 = the first)
 * @param exceptionClass the error's class name
 * @param message        the error's message, if any
 * @param stackTrace     the error's stack trace with its causes, cut at {@link #MAX_STACK_TRACE} characters
 * @param at             when the job failed (wall clock)
 */
public record FailureRecord(long jobId, String key, int attempt, String exceptionClass, @Nullable String message,
        String stackTrace, Instant at) {

    /** The longest stack trace kept, in characters: a ring of records stays small whatever fails. */
    public static final int MAX_STACK_TRACE = 8192;
}
