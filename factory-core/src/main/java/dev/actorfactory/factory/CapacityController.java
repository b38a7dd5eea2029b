package dev.actorfactory.factory;

import dev.actorfactory.factory.stats.FactoryStats;

/**
 * Decides a factory's worker count from its statistics, polled periodically (a dynamic pool). The answer is
 * clamped to {@code [1, maxWorkers]}; the factory resizes when it differs from the current count. Runs on the
 * factory's scheduler thread.
 */
@FunctionalInterface
public interface CapacityController {

    /** The worker count the factory should have now. */
    int desiredWorkers(FactoryStats stats);
}
