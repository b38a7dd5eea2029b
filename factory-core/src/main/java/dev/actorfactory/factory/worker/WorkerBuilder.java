package dev.actorfactory.factory.worker;

/**
 * Makes a fresh worker instance for a worker id — at start, when the factory grows, and after every crash or
 * kill of that worker. Called on the factory's threads, never concurrently for one id.
 *
 * @param <K> the key type
 * @param <M> the message type
 * @param <R> the result type
 */
@FunctionalInterface
public interface WorkerBuilder<K, M, R> {

    /** Builds the worker for slot {@code workerId}. An exception counts as a crash of that worker. */
    Worker<K, M, R> build(int workerId) throws Exception;
}
