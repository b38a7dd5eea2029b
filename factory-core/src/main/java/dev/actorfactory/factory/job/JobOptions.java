package dev.actorfactory.factory.job;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.actorfactory.internal.Arguments;

/**
 * Per-job options; each unset option falls back to the factory's default. Immutable; each {@code with*}
 * returns a copy.
 *
 * <pre>{@code
 * orders.dispatch(customerId, order, JobOptions.defaults().withPriority(3).withTtl(Duration.ofSeconds(30)));
 * }</pre>
 *
 * @param ttl      how long the job may wait in a queue before it is discarded as TTL-expired ({@code null}:
 *                 the factory's default job TTL)
 * @param priority the priority level for a priority queue, 0 = lowest ({@code null}: the factory's priority
 *                 function, else 0)
 * @param retry    the retry policy ({@code null}: the factory's)
 */
public record JobOptions(@Nullable Duration ttl, @Nullable Integer priority, @Nullable RetryPolicy retry) {

    private static final JobOptions DEFAULTS = new JobOptions(null, null, null);

    /** Validates the arguments. */
    public JobOptions {
        if (ttl != null) {
            Arguments.positive(ttl, "ttl");
        }
        if (priority != null) {
            Arguments.atLeast(priority, 0, "priority");
        }
    }

    /** All options from the factory's defaults. */
    public static JobOptions defaults() {
        return DEFAULTS;
    }

    /** With a time-to-live in queue. */
    public JobOptions withTtl(Duration ttl) {
        return new JobOptions(Arguments.notNull(ttl, "ttl"), priority, retry);
    }

    /** With a priority level (0 = lowest). */
    public JobOptions withPriority(int priority) {
        return new JobOptions(ttl, priority, retry);
    }

    /** With a retry policy. */
    public JobOptions withRetry(RetryPolicy retry) {
        return new JobOptions(ttl, priority, Arguments.notNull(retry, "retry"));
    }
}
