package dev.actorfactory.factory.routing;

import java.util.List;
import java.util.Set;

/**
 * What a resize of a key-persistent factory moves: buckets from one worker to another (see
 * {@link BucketTable#planResize}). The engine performs each move under both workers' locks; a bucket whose job is
 * running at the old worker moves when that job has ended, so that one key's jobs never run at two workers.
 *
 * <p>Threads: immutable.
 *
 * @param moves the moves, at most one per (from, to) pair
 */
public record RebalancePlan(List<Move> moves) {

    /** Copies the list. */
    public RebalancePlan {
        moves = List.copyOf(moves);
    }

    /**
     * Buckets that move from one worker to another.
     *
     * @param from    the worker that owns them now
     * @param to      the worker that will own them
     * @param buckets the buckets
     */
    public record Move(int from, int to, Set<Integer> buckets) {

        /** Copies the set. */
        public Move {
            buckets = Set.copyOf(buckets);
        }
    }
}
