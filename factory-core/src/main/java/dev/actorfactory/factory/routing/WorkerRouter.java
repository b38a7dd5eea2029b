package dev.actorfactory.factory.routing;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * The routing decision of the worker-queued modes ({@link RoutingMode#queuesAtWorker()}): which worker a job goes
 * to, what happens when that worker's queue is full, and what a grow does to the backlog. A router only decides;
 * the engine queues the job, sheds load and moves jobs. (The queuer modes need no decision at submission: an idle
 * worker pulls from the factory's queue, and {@link StickyKeys} binds keys to workers under sticky-queuer.)
 *
 * <p>Threads: {@link #workerFor} is called by submitting threads concurrently, and must be fast.
 *
 * @param <K> the key type
 */
public abstract sealed class WorkerRouter<K> {

    private final boolean overflowsToNextWorker;
    private final GrowRebalance growRebalance;

    private WorkerRouter(boolean overflowsToNextWorker, GrowRebalance growRebalance) {
        this.overflowsToNextWorker = overflowsToNextWorker;
        this.growRebalance = growRebalance;
    }

    /**
     * The router of {@code mode}.
     *
     * @param customHash the user's function (custom-hash routing only)
     * @param table      the bucket table (key-persistent routing only)
     * @throws IllegalArgumentException if {@code mode} queues at the factory, or a needed argument is missing
     */
    @SuppressWarnings("unchecked")
    public static <K> WorkerRouter<K> of(RoutingMode mode, @Nullable CustomHashFunction<? super K> customHash,
            @Nullable BucketTable table) {
        switch (mode) {
            case KEY_PERSISTENT:
                if (table == null) {
                    throw new IllegalArgumentException("key-persistent routing needs a bucket table");
                }
                return new KeyPersistent<>(table);
            case ROUND_ROBIN:
                return new RoundRobin<>();
            case RANDOM:
                return new Random<>();
            case CUSTOM_HASH:
                if (customHash == null) {
                    throw new IllegalArgumentException("custom-hash routing needs a customHash function");
                }
                return new CustomHash<>(customHash);
            default:
                throw new IllegalArgumentException(mode + " queues at the factory: it has no worker router");
        }
    }

    /**
     * The worker for a job.
     *
     * @param key     the job's key
     * @param bucket  the key's bucket (key-persistent routing; 0 otherwise)
     * @param workers the current worker count
     * @return a worker in {@code [0, workers)}
     */
    public abstract int workerFor(K key, int bucket, int workers);

    /**
     * Whether a job whose worker's queue is full goes on to the next worker, so that a job is shed only when every
     * queue is full (ergo's pool). Only where no order is promised.
     */
    public final boolean overflowsToNextWorker() {
        return overflowsToNextWorker;
    }

    /** What a grow does to the jobs already queued. */
    public final GrowRebalance growRebalance() {
        return growRebalance;
    }

    /** hash(key) → bucket → the bucket's owner in the {@link BucketTable}. */
    static final class KeyPersistent<K> extends WorkerRouter<K> {
        private final BucketTable table;

        KeyPersistent(BucketTable table) {
            super(false, GrowRebalance.BY_BUCKET_PLAN); // buckets move by the resize's plan, never overflow
            this.table = table;
        }

        @Override
        public int workerFor(K key, int bucket, int workers) {
            return table.ownerOf(bucket);
        }
    }

    /** Each job to the next worker in turn. */
    static final class RoundRobin<K> extends WorkerRouter<K> {
        private final AtomicInteger next = new AtomicInteger();

        RoundRobin() {
            super(true, GrowRebalance.FAIR_SHARE);
        }

        @Override
        public int workerFor(K key, int bucket, int workers) {
            return (next.getAndIncrement() & Integer.MAX_VALUE) % workers;
        }
    }

    /** Each job to a uniformly random worker. */
    static final class Random<K> extends WorkerRouter<K> {
        Random() {
            super(true, GrowRebalance.FAIR_SHARE);
        }

        @Override
        public int workerFor(K key, int bucket, int workers) {
            return ThreadLocalRandom.current().nextInt(workers);
        }
    }

    /** The user's function picks; out-of-range answers are reduced modulo the worker count. */
    static final class CustomHash<K> extends WorkerRouter<K> {
        private final CustomHashFunction<? super K> function;

        CustomHash(CustomHashFunction<? super K> function) {
            super(false, GrowRebalance.ROUTE_AGAIN); // the user's function decides: a full queue sheds
            this.function = function;
        }

        @Override
        public int workerFor(K key, int bucket, int workers) {
            return Math.floorMod(function.workerFor(key, workers), workers);
        }
    }
}
