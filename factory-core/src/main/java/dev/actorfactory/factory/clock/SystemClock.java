package dev.actorfactory.factory.clock;

import java.time.Instant;

/** The default clock: the system's. */
final class SystemClock implements FactoryClock {

    static final SystemClock INSTANCE = new SystemClock();

    private SystemClock() {
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Instant instant() {
        return Instant.now();
    }

    @Override
    public String toString() {
        return "system";
    }
}
