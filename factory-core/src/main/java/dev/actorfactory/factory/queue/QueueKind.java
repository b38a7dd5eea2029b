package dev.actorfactory.factory.queue;

import java.util.List;

import dev.actorfactory.internal.Arguments;

/**
 * The kind of queue a factory keeps jobs in: {@link #fifo()}, or {@link #priority(int)} with a number of levels
 * (FIFO within a level; load shedding drops from the lowest level first), served either strictly (the highest
 * non-empty level first, always) or by {@link #weighted weights} (each non-empty level gets its share of the takes,
 * so no level starves). Immutable.
 *
 * <p>The trade-off: strict priority gives the top level the lowest latency there is, but a steady stream of high
 * jobs keeps lower levels waiting forever; weighted serving bounds every level's wait (a level with weight w among
 * non-empty levels of total weight W gets w of every W takes, spread evenly), at the price of high jobs sometimes
 * waiting behind a lower one.
 *
 * @param levels  the number of priority levels; 1 for a FIFO queue
 * @param weights empty for strict priority; else one positive weight per level, lowest level first
 */
public record QueueKind(int levels, List<Integer> weights) {

    private static final QueueKind FIFO = new QueueKind(1);

    /** The largest number of priority levels. */
    public static final int MAX_LEVELS = 64;

    /** Validates the arguments. */
    public QueueKind {
        Arguments.atLeast(levels, 1, "levels");
        if (levels > MAX_LEVELS) {
            throw new IllegalArgumentException("levels must be at most " + MAX_LEVELS + ", was " + levels);
        }
        weights = List.copyOf(Arguments.notNull(weights, "weights"));
        if (!weights.isEmpty() && weights.size() != levels) {
            throw new IllegalArgumentException("weights must have one entry per level (" + levels + "), had "
                    + weights.size());
        }
        for (int weight : weights) {
            Arguments.atLeast(weight, 1, "weight");
        }
    }

    /** A queue served strictly by priority. */
    public QueueKind(int levels) {
        this(levels, List.of());
    }

    /** A first-in, first-out queue. */
    public static QueueKind fifo() {
        return FIFO;
    }

    /** A priority queue with {@code levels} levels, 0 (lowest) to {@code levels - 1} (highest), served strictly. */
    public static QueueKind priority(int levels) {
        return new QueueKind(levels);
    }

    /**
     * A priority queue with one level per weight (lowest level first), served by smooth weighted round robin:
     * {@code weighted(1, 3, 6)} serves, while all three levels hold jobs, 6 of every 10 takes from level 2, 3 from
     * level 1 and 1 from level 0, interleaved.
     *
     * @throws IllegalArgumentException if there are fewer than 2 or more than {@link #MAX_LEVELS} weights, or one
     *                                  is below 1
     */
    public static QueueKind weighted(int... weights) {
        Arguments.notNull(weights, "weights");
        if (weights.length < 2) {
            throw new IllegalArgumentException("weights must name at least 2 levels, had " + weights.length);
        }
        List<Integer> list = new java.util.ArrayList<>();
        for (int weight : weights) {
            list.add(weight);
        }
        return new QueueKind(weights.length, list);
    }

    /** Whether this is a priority queue (more than one level). */
    public boolean isPriority() {
        return levels > 1;
    }

    /** Whether the levels are served by weight rather than strictly. */
    public boolean isWeighted() {
        return !weights.isEmpty();
    }
}
