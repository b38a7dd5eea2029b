package dev.actorfactory.factory.queue;

/**
 * Computes the priority level of a job that was submitted without one. Runs on the submitting thread: must be
 * fast and thread-safe.
 *
 * @param <K> the key type
 * @param <M> the message type
 */
@FunctionalInterface
public interface PriorityFunction<K, M> {

    /** The level, 0 (lowest) to levels - 1; values outside are clamped. */
    int priorityOf(K key, M message);
}
