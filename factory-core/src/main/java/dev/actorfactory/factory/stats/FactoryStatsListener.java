package dev.actorfactory.factory.stats;

import dev.actorfactory.factory.discard.DiscardReason;
import dev.actorfactory.factory.job.Job;

/**
 * Push-style statistics (ractor's stats layer): every callback is optional. Times are in nanoseconds so that
 * recording them allocates nothing.
 *
 * <p>Threads: callbacks run synchronously on the thread where the event happened — submitters, workers, or the
 * factory's scheduler — so they must be quick, non-blocking and thread-safe. An exception is logged and ignored.
 * The callback for a job's end runs before its reply future completes, so a caller that has seen the reply sees
 * the job in the listener's figures too.
 *
 * <p>The callbacks of a job's end come in two forms: with the {@link Job} (its id, key, attempt, headers and
 * timestamps), which is what the factory calls, and without it; by default the first calls the second, so a
 * listener overrides whichever it needs.
 */
public interface FactoryStatsListener {

    /** A job was submitted (accepted or not). */
    default void onJobSubmitted(String factory) {
    }

    /**
     * A job completed. The default reports its times to {@link #onJobCompleted(String, long, long, long)}.
     */
    default void onJobCompleted(String factory, Job<?, ?> job) {
        long accepted = job.acceptedAtNanos();
        long started = job.startedAtNanos();
        long finished = job.finishedAtNanos();
        onJobCompleted(factory, started - accepted, finished - started, finished - accepted);
    }

    /** A job failed for good; the default calls {@link #onJobFailed(String, Throwable)}. */
    default void onJobFailed(String factory, Job<?, ?> job, Throwable error) {
        onJobFailed(factory, error);
    }

    /**
     * A failed or killed job will be tried again as {@code retry} (its next attempt); the default calls
     * {@link #onJobRetried(String, int, Throwable)}.
     */
    default void onJobRetried(String factory, Job<?, ?> retry, Throwable error) {
        onJobRetried(factory, retry.attempt(), error);
    }

    /** A job was discarded; the default calls {@link #onJobDiscarded(String, DiscardReason)}. */
    default void onJobDiscarded(String factory, Job<?, ?> job, DiscardReason reason) {
        onJobDiscarded(factory, reason);
    }

    /** A job completed: time queued, time running, and total time from acceptance (0 without timings). */
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
