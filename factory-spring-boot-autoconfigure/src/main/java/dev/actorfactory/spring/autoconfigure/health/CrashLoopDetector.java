package dev.actorfactory.spring.autoconfigure.health;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import dev.actorfactory.factory.clock.FactoryClock;

/**
 * Tells whether one factory's workers are in a crash loop: more than {@code maxRestarts} worker restarts within
 * {@code within}, with no job of the factory completing in between. The engine restarts a worker each time a job
 * throws out of it or is killed, so restarts alone measure the failure rate of a busy factory; requiring that no job
 * completed in between is what separates a factory that cannot get anything done from one whose jobs sometimes
 * fail.
 *
 * <p>It keeps the times of the last {@code maxRestarts + 1} restarts in a ring: recording is an atomic increment and
 * a store, a completion is a volatile read (and a write only after restarts), and a health check reads at most
 * {@code maxRestarts + 1} slots.
 *
 * <p>Threads: {@link #restarted()} and {@link #completed()} are called by the factory's threads (runners, killers),
 * the queries by health requests; all methods may be called from any thread at any time. Figures read while a
 * restart is being recorded may be one restart behind, never more.
 */
public final class CrashLoopDetector {

    /** The largest {@code maxRestarts} accepted (the ring holds one time per restart, plus one). */
    public static final int MAX_RESTARTS_LIMIT = 10_000;

    private final int maxRestarts;
    private final Duration within;
    private final long windowNanos;
    private final FactoryClock clock;
    private final AtomicLongArray times;
    private final AtomicLong restarts = new AtomicLong();
    /** The value of {@link #restarts} when a job last completed after a restart. */
    private final AtomicLong restartsAtLastCompletion = new AtomicLong();

    /**
     * Creates a detector.
     *
     * @param maxRestarts the most restarts in a row within the window that are not a crash loop, 1 to
     *                    {@value #MAX_RESTARTS_LIMIT}
     * @param within      the window, positive
     * @param clock       the time source (the system clock; a {@code ManualClock} in tests)
     * @throws IllegalArgumentException if a value is out of range
     */
    public CrashLoopDetector(int maxRestarts, Duration within, FactoryClock clock) {
        if (maxRestarts < 1 || maxRestarts > MAX_RESTARTS_LIMIT) {
            throw new IllegalArgumentException("maxRestarts must be between 1 and " + MAX_RESTARTS_LIMIT + ", was "
                    + maxRestarts);
        }
        if (within.isNegative() || within.isZero()) {
            throw new IllegalArgumentException("within must be positive, was " + within);
        }
        this.maxRestarts = maxRestarts;
        this.within = within;
        this.windowNanos = saturatedNanos(within);
        this.clock = clock;
        this.times = new AtomicLongArray(maxRestarts + 1);
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /** A worker of the factory was restarted (called on the factory's thread that restarted it). */
    public void restarted() {
        long n = restarts.getAndIncrement();
        times.set((int) (n % times.length()), clock.nanoTime());
    }

    /** A job of the factory completed: the restarts so far no longer count as a loop. */
    public void completed() {
        long n = restarts.get();
        if (restartsAtLastCompletion.get() < n) {
            // a monotonic max: a completer that read an older count never moves it back
            restartsAtLastCompletion.accumulateAndGet(n, Math::max);
        }
    }

    /** Whether more than {@code maxRestarts} restarts happened within the window, none followed by a completion. */
    public boolean crashLooping() {
        long n = restarts.get();
        if (n - restartsAtLastCompletion.get() <= maxRestarts) {
            return false;
        }
        // the oldest of the last maxRestarts + 1 restarts: slot (n - (maxRestarts + 1)) mod ring size = n mod size
        long oldest = times.get((int) (n % times.length()));
        return clock.nanoTime() - oldest <= windowNanos;
    }

    /**
     * The restarts within the window (completed jobs or not), counted up to {@code maxRestarts + 1}: the figure
     * health details show next to the limit.
     */
    public int recentRestarts() {
        long n = restarts.get();
        long now = clock.nanoTime();
        int kept = (int) Math.min(n, times.length());
        int recent = 0;
        for (long i = n - kept; i < n; i++) {
            if (now - times.get((int) (i % times.length())) <= windowNanos) {
                recent++;
            }
        }
        return recent;
    }

    /** The limit: the most restarts in a row within the window that are not a crash loop. */
    public int maxRestarts() {
        return maxRestarts;
    }

    /** The window restarts are counted in. */
    public Duration within() {
        return within;
    }
}
