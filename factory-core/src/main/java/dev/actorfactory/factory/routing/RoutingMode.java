package dev.actorfactory.factory.routing;

/**
 * How a factory picks the worker for a job (ractor's routing modes).
 *
 * <table>
 *   <caption>Routing modes</caption>
 *   <tr><th>mode</th><th>picks</th><th>queues</th><th>per-key order</th></tr>
 *   <tr><td>{@link #KEY_PERSISTENT}</td><td>hash(key) → a fixed worker</td><td>at the worker</td><td>yes</td></tr>
 *   <tr><td>{@link #QUEUER}</td><td>the first idle worker</td><td>at the factory</td><td>no</td></tr>
 *   <tr><td>{@link #STICKY_QUEUER}</td><td>the worker already busy with the key, else the first idle one</td>
 *       <td>at the factory</td><td>yes</td></tr>
 *   <tr><td>{@link #ROUND_ROBIN}</td><td>the next worker in turn</td><td>at the worker</td><td>no</td></tr>
 *   <tr><td>{@link #RANDOM}</td><td>a random worker</td><td>at the worker</td><td>no</td></tr>
 *   <tr><td>{@link #CUSTOM_HASH}</td><td>a user function (key, worker count) → worker</td><td>at the worker</td>
 *       <td>while the worker count is unchanged</td></tr>
 * </table>
 */
public enum RoutingMode {
    /** hash(key) selects a fixed worker; one key's jobs run one at a time, in submission order. */
    KEY_PERSISTENT(true, true),
    /** The first idle worker takes the next queued job; jobs queue at the factory. */
    QUEUER(false, false),
    /** Like {@link #QUEUER}, but a worker busy with a key gets that key's further jobs, in order. */
    STICKY_QUEUER(false, true),
    /** Each job goes to the next worker in turn and queues there. */
    ROUND_ROBIN(true, false),
    /** Each job goes to a random worker and queues there. */
    RANDOM(true, false),
    /** A user {@link CustomHashFunction} picks the worker; jobs queue there. */
    CUSTOM_HASH(true, false);

    private final boolean queuesAtWorker;
    private final boolean keyOrdered;

    RoutingMode(boolean queuesAtWorker, boolean keyOrdered) {
        this.queuesAtWorker = queuesAtWorker;
        this.keyOrdered = keyOrdered;
    }

    /** Whether jobs wait in per-worker queues (else in the factory's shared queue). */
    public boolean queuesAtWorker() {
        return queuesAtWorker;
    }

    /** Whether jobs of one key never run concurrently and run in submission order, across resizes too. */
    public boolean isKeyOrdered() {
        return keyOrdered;
    }
}
