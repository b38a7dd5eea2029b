package dev.actorfactory.factory.stats;

import dev.actorfactory.factory.discard.DiscardReason;

/**
 * Push-style statistics (ractor's stats layer): every callback is optional. Times are in nanoseconds so that
 * recording them allocates nothing.
 *
 * <p>Threads: callbacks run synchronously on the thread where the event happened — submitters, workers, or the
 * factory's scheduler — so they must be quick, non-blocking and thread-safe. An exception is logged and ignored.
 * The callback for a job's end runs before its reply future completes, so a caller that has seen the reply sees
 * the job in the listener's figures too.
 */
public interface FactoryStatsListener {

    /** A job was submitted (accepted or not). */
    default void onJobSubmitted(String factory) {
    }

    /** A job completed: time queued, time running, and total time from acceptance. */
    default void onJobCompleted(String factory, long queueNanos, long processingNanos, long totalNanos) {
    }

    /** A job failed for good (no retry left), or was abandoned in flight by a drain timeout. */
    default void onJobFailed(String factory, Throwable error) {
    }

    /** A failed or killed job will be tried again. */
    default void onJobRetried(String factory, int attempt, Throwable error) {
    }

    /** A job was discarded. Rate-limited and TTL-expired jobs arrive here with their reason. */
    default void onJobDiscarded(String factory, DiscardReason reason) {
    }

    /** A worker answered a ping after {@code latencyNanos} (how long it took to be free). */
    default void onWorkerPing(String factory, int workerId, long latencyNanos) {
    }

    /** A worker has been busy on one job for longer than the dead man's switch timeout. */
    default void onWorkerStuck(String factory, int workerId, Object key, long busyNanos) {
    }

    /**
     * Under key-ordered routing, a killed attempt of {@code key} was still inside its worker (on its old thread)
     * when its grace ran out: the key's next job starts now, so two of its jobs may overlap while that thread runs.
     */
    default void onKillGraceExceeded(String factory, Object key, long aliveNanos) {
    }

    /** A worker instance was replaced after it crashed or was killed. */
    default void onWorkerRestarted(String factory, int workerId) {
    }

    /** Periodic gauges, once per ping interval. */
    default void onGauges(String factory, int queueDepth, int inFlight, int workers, int queueLimit) {
    }
}
