package dev.actorfactory.factory.clock;

import java.time.Instant;

/**
 * The time a factory schedules its delayed jobs by ({@code dispatchAfter}, {@code dispatchAt}). The system clock
 * is the default; a {@link ManualClock} lets a test decide when time passes.
 *
 * <p>Threads: any; implementations are thread-safe.
 */
public interface FactoryClock {

    /** A monotonic time in nanoseconds, like {@link System#nanoTime()} (only differences are meaningful). */
    long nanoTime();

    /** The wall-clock time, for {@code dispatchAt(instant)}. */
    Instant instant();

    /**
     * Whether time passes only when someone advances this clock: then a factory waits for
     * {@link #onAdvance} callbacks instead of scheduling timers on real time.
     */
    default boolean isManual() {
        return false;
    }

    /**
     * Registers {@code action} to run, on the advancing thread, each time a manual clock advances; the system clock
     * never calls it.
     *
     * @return a handle that removes the registration
     */
    default Registration onAdvance(Runnable action) {
        return () -> { };
    }

    /** The system's clocks: {@link System#nanoTime()} and {@link Instant#now()}. */
    static FactoryClock system() {
        return SystemClock.INSTANCE;
    }

    /** A registration made with {@link #onAdvance}. */
    @FunctionalInterface
    interface Registration {
        /** Removes it; idempotent. */
        void remove();
    }
}
