package dev.actorfactory.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A counter that many threads increment and few read, for the counters on a factory's submit path. Like
 * {@link java.util.concurrent.atomic.LongAdder} it spreads concurrent increments over stripes, but every stripe —
 * the first one too — sits on its own pair of cache lines, and an increment is one atomic add that never retries.
 * {@code LongAdder} keeps its uncontended count in a field of a small object, which shares its cache line with
 * whatever the JVM allocated beside it; measured on the factory's submit path (one producer, workers counting
 * completions in an adjacent {@code LongAdder}), its two increments took half of the producer's time.
 *
 * <p>A thread always uses the same stripe (chosen from its id), so one producer's increments stay in its own
 * cache. The number of stripes is the number of cores rounded up to a power of two, at most 8: about 1 KiB a
 * counter at most.
 *
 * <p>Internal: not part of the public API. Threads: {@link #increment}, {@link #incrementAndGetUnique} and
 * {@link #add} from any thread;
 * {@link #sum} from any thread, with {@code LongAdder}'s semantics: exact when no update is in flight, otherwise
 * a value between the counts before and after the concurrent updates. Each stripe is read with a volatile read,
 * so a {@code sum} sees every increment that happened before it.
 */
public final class StripedCounter {

    private static final VarHandle CELLS = MethodHandles.arrayElementVarHandle(long[].class);
    /** Longs between two stripes: 128 bytes, two cache lines (adjacent-line prefetchers pull lines in pairs). */
    private static final int SPACING = 16;
    private static final int STRIPES = stripes(Runtime.getRuntime().availableProcessors());
    private static final int MASK = STRIPES - 1;

    /** Stripe {@code s} is at {@code (s + 1) * SPACING}: the first line holds only the array's header. */
    private final long[] cells = new long[(STRIPES + 1) * SPACING];

    /** A counter at zero. */
    public StripedCounter() {
    }

    /** Adds one. */
    public void increment() {
        add(1);
    }

    /**
     * Adds one and returns a number no other call of this method on this counter returns: the count of the
     * caller's stripe before the increment, times the number of stripes, plus the stripe's index, plus one. So the
     * numbers are positive and unique, but not ordered across threads (each stripe counts on its own). One atomic
     * add, like {@link #increment}: the factory numbers its jobs with its submission count this way, for free.
     */
    public long incrementAndGetUnique() {
        int index = indexOf(Thread.currentThread());
        long before = (long) CELLS.getAndAdd(cells, index, 1L);
        return before * STRIPES + (index / SPACING - 1) + 1;
    }

    /** Adds {@code delta} (which may be negative). */
    public void add(long delta) {
        CELLS.getAndAdd(cells, indexOf(Thread.currentThread()), delta);
    }

    /** The current total (see the class comment for its semantics under concurrent updates). */
    public long sum() {
        long sum = 0;
        for (int s = 1; s <= STRIPES; s++) {
            sum += (long) CELLS.getVolatile(cells, s * SPACING);
        }
        return sum;
    }

    @SuppressWarnings("deprecation") // Thread.threadId() is JDK 19+; the library compiles for 17
    private static int indexOf(Thread thread) {
        long id = thread.getId();
        int mixed = (int) ((id * 0x9E3779B97F4A7C15L) >>> 32); // consecutive ids land on different stripes
        return ((mixed & MASK) + 1) * SPACING;
    }

    static int stripes(int cores) {
        int stripes = Integer.highestOneBit(Math.max(1, Math.min(cores, 8)) * 2 - 1);
        return Math.max(2, stripes);
    }

    @Override
    public String toString() {
        return Long.toString(sum());
    }
}
