package dev.actorfactory.factory.queue;

import dev.actorfactory.internal.Arguments;

/**
 * The kind of queue a factory keeps jobs in: {@link #fifo()} or {@link #priority(int)} with a number of levels
 * (highest level first, FIFO within a level; load shedding drops from the lowest level first). Immutable.
 *
 * @param levels the number of priority levels; 1 for a FIFO queue
 */
public record QueueKind(int levels) {

    private static final QueueKind FIFO = new QueueKind(1);

    /** The largest number of priority levels. */
    public static final int MAX_LEVELS = 64;

    /** Validates the arguments. */
    public QueueKind {
        Arguments.atLeast(levels, 1, "levels");
        if (levels > MAX_LEVELS) {
            throw new IllegalArgumentException("levels must be at most " + MAX_LEVELS + ", was " + levels);
        }
    }

    /** A first-in, first-out queue. */
    public static QueueKind fifo() {
        return FIFO;
    }

    /** A priority queue with {@code levels} levels, 0 (lowest) to {@code levels - 1} (highest). */
    public static QueueKind priority(int levels) {
        return new QueueKind(levels);
    }

    /** Whether this is a priority queue (more than one level). */
    public boolean isPriority() {
        return levels > 1;
    }
}
