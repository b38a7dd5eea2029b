package dev.actorfactory.factory.failure;

import dev.actorfactory.factory.job.Job;

/**
 * Receives every job that failed for good — its worker threw (or was killed) on the last attempt its retry policy
 * allowed, or a timed-out drain stopped it in flight — with the error, to park it, alert, or compensate. Called for
 * {@code dispatch}ed jobs as well as {@code call}s, once per job, after the statistics count it and before its
 * reply future fails. {@link Job#attempt()} is the attempt that failed.
 *
 * <p>Runs on the thread that ended the job (a worker's, or the factory's scheduler for a killed or stopped one):
 * must be quick and must not block. An exception is logged and ignored.
 *
 * @param <K> the key type
 * @param <M> the message type
 */
@FunctionalInterface
public interface FailureHandler<K, M> {

    /** Called once per failed job. */
    void onFailure(Job<K, M> job, Throwable error);
}
