package dev.actorfactory.factory.ratelimit;

import java.time.Duration;

import dev.actorfactory.internal.Arguments;

/**
 * A token bucket in front of a factory's routing: it holds up to {@code max} tokens, gains {@code refill} tokens
 * every {@code interval}, and each job takes one. A job finding no token is discarded as rate-limited, or waits
 * for one when it was submitted with a waiting dispatch. The bucket starts full.
 *
 * <p>Threads: thread-safe; submitters contend on one short lock (no user code runs under it). Refills are
 * computed from elapsed time on demand: no timer thread.
 */
public final class RateLimiter {

    private final long refill;
    private final long intervalNanos;
    private final long max;
    private long tokens;
    private long lastRefillNanos;

    /**
     * @param refill   tokens added per interval, at least 1
     * @param interval the refill interval, positive
     * @param max      the bucket's capacity, at least 1
     */
    public RateLimiter(long refill, Duration interval, long max) {
        if (refill < 1) {
            throw new IllegalArgumentException("refill must be at least 1, was " + refill);
        }
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, was " + max);
        }
        this.refill = refill;
        this.intervalNanos = Arguments.saturatedNanos(Arguments.positive(interval, "interval"));
        this.max = max;
        this.tokens = max;
        this.lastRefillNanos = System.nanoTime();
    }

    /** Takes a token if one is available. */
    public synchronized boolean tryAcquire() {
        refill(System.nanoTime());
        if (tokens > 0) {
            tokens--;
            return true;
        }
        return false;
    }

    /** Nanoseconds until the next token is due (0 if one is available now). */
    public synchronized long nanosUntilToken() {
        long now = System.nanoTime();
        refill(now);
        return tokens > 0 ? 0 : Math.max(1, lastRefillNanos + intervalNanos - now);
    }

    /** Tokens available right now. */
    public synchronized long available() {
        refill(System.nanoTime());
        return tokens;
    }

    private void refill(long now) {
        long elapsed = now - lastRefillNanos;
        if (elapsed < intervalNanos) {
            return;
        }
        long intervals = elapsed / intervalNanos;
        tokens = intervals >= (max + refill - 1) / refill ? max : Math.min(max, tokens + intervals * refill);
        lastRefillNanos += intervals * intervalNanos;
    }

    @Override
    public String toString() {
        return "RateLimiter[" + refill + " per " + Duration.ofNanos(intervalNanos) + ", max " + max + "]";
    }
}
