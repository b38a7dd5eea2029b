package dev.actorfactory.factory.routing;

/**
 * Picks the worker for a key under {@link RoutingMode#CUSTOM_HASH}. Must be fast, side-effect free and
 * thread-safe: it runs on the submitting threads.
 *
 * @param <K> the key type
 */
@FunctionalInterface
public interface CustomHashFunction<K> {

    /**
     * @param key         the job's key
     * @param workerCount the current number of workers
     * @return a worker index in {@code [0, workerCount)}; other values are reduced modulo the count
     */
    int workerFor(K key, int workerCount);
}
