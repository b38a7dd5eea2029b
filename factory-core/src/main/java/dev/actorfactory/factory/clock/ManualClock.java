package dev.actorfactory.factory.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import dev.actorfactory.internal.Arguments;

/**
 * A clock that stands still until {@link #advance} moves it: delayed jobs of the factories that use it come due
 * exactly when a test says so, and are routed on the thread that advances the clock before {@code advance} returns.
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock();
 * Factory<...> factory = Factory.builder("f").clock(clock)....build().start();
 * factory.dispatchAfter("k", "reminder", Duration.ofMinutes(5));
 * clock.advance(Duration.ofMinutes(5));   // the reminder is routed now
 * }</pre>
 *
 * <p>Threads: any; {@link #advance} calls may come from several threads (each runs the factories' due work).
 */
public final class ManualClock implements FactoryClock {

    private final AtomicLong nanos = new AtomicLong();
    private final Instant origin;
    private final List<Runnable> onAdvance = new CopyOnWriteArrayList<>();

    /** A clock at the current wall-clock time (its monotonic time starts at 0). */
    public ManualClock() {
        this(Instant.now());
    }

    /** A clock whose wall-clock time starts at {@code origin}. */
    public ManualClock(Instant origin) {
        this.origin = Arguments.notNull(origin, "origin");
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public Instant instant() {
        return origin.plusNanos(nanos.get());
    }

    @Override
    public boolean isManual() {
        return true;
    }

    @Override
    public Registration onAdvance(Runnable action) {
        Arguments.notNull(action, "action");
        onAdvance.add(action);
        return () -> onAdvance.remove(action);
    }

    /**
     * Moves time forward by {@code step}, then runs the work that came due (routing delayed jobs) on this thread.
     *
     * @throws IllegalArgumentException if {@code step} is negative
     */
    public void advance(Duration step) {
        nanos.addAndGet(Arguments.saturatedNanos(Arguments.notNegative(step, "step")));
        for (Runnable action : onAdvance) {
            action.run();
        }
    }

    @Override
    public String toString() {
        return "ManualClock[" + instant() + "]";
    }
}
