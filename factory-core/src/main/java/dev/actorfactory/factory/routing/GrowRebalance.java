package dev.actorfactory.factory.routing;

/**
 * What growing a factory does to the jobs already queued at its workers (worker-queued routing).
 *
 * <p>Threads: an immutable decision.
 */
public enum GrowRebalance {
    /** Key-persistent: whole buckets move by the {@link BucketTable}'s plan, keeping each key's order. */
    BY_BUCKET_PLAN,
    /**
     * Round-robin and random: the old workers keep a fair share of their queues (the backlog divided by the new
     * worker count); the newest jobs above it move to the new workers in turn.
     */
    FAIR_SHARE,
    /** Custom hash: every queued job is routed again by the user's function with the new worker count. */
    ROUTE_AGAIN;

    /** The fair share of a backlog of {@code total} jobs over {@code workers} workers (rounded up). */
    public static int fairShare(long total, int workers) {
        return (int) Math.min(Integer.MAX_VALUE, (total + workers - 1) / workers);
    }

    /** The new worker that takes the {@code index}-th job moved by {@link #FAIR_SHARE}. */
    public static int newWorkerFor(int index, int previous, int workers) {
        return previous + index % (workers - previous);
    }
}
