package dev.actorfactory.factory.stats;

import java.util.List;
import java.util.Map;

import dev.actorfactory.factory.discard.DiscardReason;
import dev.actorfactory.factory.lifecycle.FactoryState;

/**
 * A pull-style snapshot of a factory. Counters are read one after another without stopping the factory, so
 * while it is busy they may be a few jobs apart; at a quiescent moment
 * {@code submitted == completed + failed + discarded}.
 *
 * @param name       the factory's name
 * @param state      its lifecycle state
 * @param paused     whether it is paused (accepting jobs, not running them)
 * @param workers    the number of workers
 * @param busy       workers running a job
 * @param queueDepth jobs waiting in queues
 * @param scheduled  delayed jobs accepted and not due yet ({@code dispatchAfter}, {@code dispatchAt})
 * @param queueLimit the queue limit in force (per worker queue when jobs queue at workers), or
 *                   {@link Integer#MAX_VALUE} when unlimited
 * @param submitted  jobs submitted (each counted once, whatever became of it)
 * @param completed  jobs that ran and returned
 * @param failed     jobs that ran and failed (after their last retry), or were abandoned in flight
 * @param discarded  jobs discarded, all reasons
 * @param discardedByReason discarded jobs per reason
 * @param retries    retry attempts scheduled
 * @param abandonedRuns killed runs whose thread is still inside the worker (the JVM cannot stop a thread that
 *                   ignores interruption); while above 0, a killed job may still be running beside its retry
 * @param workerStats one entry per worker, by id
 */
public record FactoryStats(String name, FactoryState state, boolean paused, int workers, int busy, int queueDepth,
        int scheduled, int queueLimit,
        long submitted, long completed, long failed, long discarded, Map<DiscardReason, Long> discardedByReason,
        long retries, int abandonedRuns, List<WorkerStats> workerStats) {

    /** Jobs accepted and not yet ended: {@code submitted - completed - failed - discarded}. */
    public long outstanding() {
        return submitted - completed - failed - discarded;
    }
}
