package dev.actorfactory.supervision;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import dev.actorfactory.internal.Arguments;

/**
 * How long to wait before the n-th attempt of something that failed (a restart, a retry): none, fixed, or
 * exponential with a cap and optional jitter. Immutable and thread-safe.
 */
public final class Backoff {

    private static final Backoff NONE = new Backoff(Duration.ZERO, Duration.ZERO, 1.0, 0.0);

    private final Duration initial;
    private final Duration max;
    private final double multiplier;
    private final double jitter;

    private Backoff(Duration initial, Duration max, double multiplier, double jitter) {
        this.initial = initial;
        this.max = max;
        this.multiplier = multiplier;
        this.jitter = jitter;
    }

    /** No delay. */
    public static Backoff none() {
        return NONE;
    }

    /** The same {@code delay} before every attempt. */
    public static Backoff fixed(Duration delay) {
        Arguments.notNegative(delay, "delay");
        return new Backoff(delay, delay, 1.0, 0.0);
    }

    /**
     * {@code initial}, then doubling per attempt, capped at {@code max}.
     *
     * @throws IllegalArgumentException if {@code max} is shorter than {@code initial}
     */
    public static Backoff exponential(Duration initial, Duration max) {
        Arguments.positive(initial, "initial");
        Arguments.positive(max, "max");
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max must be at least initial (" + initial + "), was " + max);
        }
        return new Backoff(initial, max, 2.0, 0.0);
    }

    /**
     * {@code initial}, then multiplied by {@code multiplier} per attempt, capped at {@code max}.
     *
     * @throws IllegalArgumentException if {@code max} is shorter than {@code initial} or {@code multiplier} is
     *                                  below 1
     */
    public static Backoff exponential(Duration initial, Duration max, double multiplier) {
        exponential(initial, max);
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be at least 1, was " + multiplier);
        }
        return new Backoff(initial, max, multiplier, 0.0);
    }

    /**
     * This backoff with random jitter: each delay is spread uniformly within {@code ±factor} of itself, so that
     * many failing parties do not retry in lock-step.
     *
     * @param factor between 0 and 1
     */
    public Backoff withJitter(double factor) {
        if (!(factor >= 0.0 && factor <= 1.0)) {
            throw new IllegalArgumentException("factor must be between 0 and 1, was " + factor);
        }
        return new Backoff(initial, max, multiplier, factor);
    }

    /**
     * The delay before attempt {@code attempt} (1 = the first retry or restart).
     *
     * @throws IllegalArgumentException if {@code attempt} is below 1
     */
    public Duration delay(int attempt) {
        Arguments.atLeast(attempt, 1, "attempt");
        if (initial.isZero()) {
            return Duration.ZERO;
        }
        double nanos = initial.toNanos() * Math.pow(multiplier, Math.min(attempt - 1, 62));
        nanos = Math.min(nanos, max.toNanos());
        if (jitter > 0) {
            nanos *= 1.0 + jitter * (ThreadLocalRandom.current().nextDouble() * 2.0 - 1.0);
        }
        return Duration.ofNanos((long) Math.max(0, nanos));
    }

    @Override
    public String toString() {
        if (initial.isZero()) {
            return "Backoff.none";
        }
        return multiplier == 1.0 ? "Backoff.fixed(" + initial + ")"
                : "Backoff.exponential(" + initial + ".." + max + (multiplier != 2.0 ? ", x" + multiplier : "")
                        + (jitter > 0 ? ", jitter " + jitter : "") + ")";
    }
}
