package dev.actorfactory.factory.stats;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one worker.
 *
 * @param workerId        the worker's id, 0 to worker count - 1
 * @param state           what it is doing
 * @param currentKey      the key of the job it is running, or {@code null}
 * @param busyFor         how long it has been running that job, or {@code null} (idle, or the factory records no
 *                        timings: see {@code Factory.Builder.recordTimings})
 * @param processed       jobs it finished (completed or failed) since the factory started
 * @param restarts        times its worker instance was replaced after a crash or kill
 * @param queueDepth      jobs waiting in its own queue (always 0 when jobs queue at the factory, except
 *                        sticky-queuer jobs already bound to it)
 * @param lastPingLatency how long the last ping waited for it to be free, or {@code null} before the first ping
 */
public record WorkerStats(int workerId, WorkerState state, @Nullable Object currentKey, @Nullable Duration busyFor,
        long processed, long restarts, int queueDepth, @Nullable Duration lastPingLatency) {
}
