package dev.actorfactory.factory.discard;

import dev.actorfactory.factory.job.Job;

/**
 * Receives every discarded job with its reason (to log it, park it, count it...). Runs on the thread that
 * discarded the job (a submitter, a worker or the factory's scheduler), before the job's reply future fails with
 * {@link JobDiscardedException}: must be quick and must not block. An exception is logged and ignored.
 *
 * @param <K> the key type
 * @param <M> the message type
 */
@FunctionalInterface
public interface DiscardHandler<K, M> {

    /** Called once per discarded job. */
    void onDiscard(Job<K, M> job, DiscardReason reason);
}
