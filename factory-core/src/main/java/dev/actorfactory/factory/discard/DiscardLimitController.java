package dev.actorfactory.factory.discard;

import dev.actorfactory.factory.stats.FactoryStats;

/**
 * Recomputes a factory's queue limit periodically (a dynamic discard limit), for example from downstream latency
 * or memory pressure. Runs on the factory's scheduler thread.
 */
@FunctionalInterface
public interface DiscardLimitController {

    /**
     * @param currentLimit the limit in force
     * @param stats        a snapshot of the factory
     * @return the new limit, at least 1
     */
    int computeLimit(int currentLimit, FactoryStats stats);
}
