package dev.actorfactory.factory.job;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.actorfactory.internal.Arguments;

/**
 * Per-job options; each unset option falls back to the factory's default. Immutable; each {@code with*}
 * returns a copy.
 *
 * <pre>{@code
 * orders.dispatch(customerId, order, JobOptions.defaults()
 *         .withPriority(3)
 *         .withTtl(Duration.ofSeconds(30))
 *         .withHeader("trace-id", traceId));
 * }</pre>
 *
 * @param ttl      how long the job may wait in a queue before it is discarded as TTL-expired ({@code null}:
 *                 the factory's default job TTL)
 * @param priority the priority level for a priority queue, 0 = lowest ({@code null}: the factory's priority
 *                 function, else 0)
 * @param retry    the retry policy ({@code null}: the factory's)
 * @param headers  the job's metadata: small string pairs that travel with it to the worker, the listeners, the
 *                 discard and failure handlers (a correlation id, a tenant, the user who asked); never
 *                 {@code null}, unmodifiable, in insertion order
 */
public record JobOptions(@Nullable Duration ttl, @Nullable Integer priority, @Nullable RetryPolicy retry,
        Map<String, String> headers) {

    private static final JobOptions DEFAULTS = new JobOptions(null, null, null, Map.of());

    /** Validates the arguments and copies the headers. */
    public JobOptions {
        if (ttl != null) {
            Arguments.positive(ttl, "ttl");
        }
        if (priority != null) {
            Arguments.atLeast(priority, 0, "priority");
        }
        Arguments.notNull(headers, "headers");
        headers.forEach((name, value) -> {
            Arguments.notBlank(name, "header name");
            Arguments.notNull(value, "value of header '" + name + "'");
        });
        headers = headers.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** Options without headers. */
    public JobOptions(@Nullable Duration ttl, @Nullable Integer priority, @Nullable RetryPolicy retry) {
        this(ttl, priority, retry, Map.of());
    }

    /** All options from the factory's defaults. */
    public static JobOptions defaults() {
        return DEFAULTS;
    }

    /** With a time-to-live in queue. */
    public JobOptions withTtl(Duration ttl) {
        return new JobOptions(Arguments.notNull(ttl, "ttl"), priority, retry, headers);
    }

    /** With a priority level (0 = lowest). */
    public JobOptions withPriority(int priority) {
        return new JobOptions(ttl, priority, retry, headers);
    }

    /** With a retry policy. */
    public JobOptions withRetry(RetryPolicy retry) {
        return new JobOptions(ttl, priority, Arguments.notNull(retry, "retry"), headers);
    }

    /** With one more header (replacing one of the same name). */
    public JobOptions withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(Arguments.notBlank(name, "name"), Arguments.notNull(value, "value"));
        return new JobOptions(ttl, priority, retry, more);
    }

    /** With these headers instead of the current ones. */
    public JobOptions withHeaders(Map<String, String> headers) {
        return new JobOptions(ttl, priority, retry, Arguments.notNull(headers, "headers"));
    }
}
