package dev.actorfactory.factory.worker;

import org.jspecify.annotations.Nullable;

import dev.actorfactory.factory.job.Job;

/**
 * A factory's worker: handles one job at a time and may return a result (completing the caller's
 * {@code call} future). The factory does all the bookkeeping — pings, "finished", timing, statistics — itself; a
 * worker only does the work.
 *
 * <p>Each worker slot gets its own instance from the {@link WorkerBuilder}, and a fresh one after a crash or a
 * kill, so an instance may keep per-worker state in plain fields.
 *
 * <p>Threads: {@link #handle} is never called concurrently on one instance, and each call sees the previous
 * one's writes. It may block if the factory runs its workers on threads meant for it (the default); blocking is
 * interruptible by the dead man's switch and by a timed-out drain.
 *
 * @param <K> the key type
 * @param <M> the message type
 * @param <R> the result type ({@code Void} for fire-and-forget workers)
 */
@FunctionalInterface
public interface Worker<K, M, R> {

    /**
     * Does the job.
     *
     * @return the result for a {@code call}; ignored for {@code dispatch}
     * @throws Exception to fail the job: the worker instance is then replaced (a crash), and the job is retried
     *                   if its retry policy allows, else its {@code call} future fails with this exception
     */
    @Nullable R handle(Job<K, M> job) throws Exception;

    /**
     * Called once when this instance has been built, before its first job, on the thread that built it (the
     * factory's starter, a resize, or the worker's own thread for a replacement): the worker's
     * {@link WorkerContext} — its id, its factory's name, and a way to submit follow-up jobs. An exception counts
     * as a failed build (the slot retries after the factory's crash backoff).
     */
    default void onStart(WorkerContext<K, M> context) throws Exception {
    }

    /** Called when the factory retires this instance (shrink, drain, stop). Not called after a crash or kill. */
    default void onStop() {
    }
}
