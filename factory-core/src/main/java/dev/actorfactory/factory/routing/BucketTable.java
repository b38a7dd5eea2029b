package dev.actorfactory.factory.routing;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Key-persistent routing's map from buckets (see {@link KeyBuckets}) to the workers that own them, and the plan
 * of which buckets move where when the worker count changes.
 *
 * <p>The table decides; the engine carries out. A move is planned here ({@link #planResize}) and performed by the
 * engine, which publishes each new owner with {@link #assign} under the locks of both workers involved, before it
 * moves the bucket's queued jobs.
 *
 * <p>Threads: {@link #ownerOf} from any thread (an acquire read: whoever sees a new owner also sees what the
 * engine wrote before {@link #assign}, a release write); {@link #assign}, {@link #assignEvenly} and
 * {@link #planResize} are serialised by the engine (its resize lock).
 */
public final class BucketTable {

    private static final VarHandle OWNERS = MethodHandles.arrayElementVarHandle(int[].class);

    private final int[] owners;
    private final int maxWorkers;

    /** A table of {@code buckets} buckets for at most {@code maxWorkers} workers, every bucket owned by worker 0. */
    public BucketTable(int buckets, int maxWorkers) {
        this.owners = new int[buckets];
        this.maxWorkers = maxWorkers;
    }

    /** The number of buckets. */
    public int buckets() {
        return owners.length;
    }

    /** The worker that owns {@code bucket}. Any thread. */
    public int ownerOf(int bucket) {
        return (int) OWNERS.getAcquire(owners, bucket);
    }

    /** Makes {@code worker} the owner of {@code bucket} (a release write). */
    public void assign(int bucket, int worker) {
        OWNERS.setRelease(owners, bucket, worker);
    }

    /** Spreads the buckets over workers {@code 0 .. workers-1} in turn (at start, before any job). */
    public void assignEvenly(int workers) {
        for (int b = 0; b < owners.length; b++) {
            assign(b, b % workers);
        }
    }

    /**
     * The moves that bring the table to {@code workers} workers with as few buckets moving as possible: every
     * bucket of a worker that goes away, and every bucket above a worker's quota (the buckets divided evenly, the
     * first workers taking one more), moves to the first worker below its quota. Nothing is changed here.
     */
    public RebalancePlan planResize(int workers) {
        int buckets = owners.length;
        int[] held = new int[maxWorkers];
        for (int b = 0; b < buckets; b++) {
            held[ownerOf(b)]++;
        }
        List<Integer> homeless = new ArrayList<>();
        for (int b = 0; b < buckets; b++) {
            int owner = ownerOf(b);
            if (owner >= workers || held[owner] > quota(owner, workers, buckets)) {
                held[owner]--;
                homeless.add(b);
            }
        }
        Map<Long, Set<Integer>> byPair = new LinkedHashMap<>();
        int target = 0;
        for (int b : homeless) {
            while (held[target] >= quota(target, workers, buckets)) {
                target++;
            }
            held[target]++;
            long pair = ((long) ownerOf(b) << 32) | target;
            byPair.computeIfAbsent(pair, key -> new HashSet<>()).add(b);
        }
        List<RebalancePlan.Move> moves = new ArrayList<>();
        byPair.forEach((pair, moved) -> moves.add(new RebalancePlan.Move((int) (pair >>> 32), (int) (long) pair,
                Set.copyOf(moved))));
        return new RebalancePlan(moves);
    }

    private static int quota(int worker, int workers, int buckets) {
        return buckets / workers + (worker < buckets % workers ? 1 : 0);
    }
}
