package dev.actorfactory.factory.routing;

/**
 * Key-persistent routing's first step: a key hashes to one of a fixed number of buckets, and a {@link BucketTable}
 * maps buckets to workers. The count is a power of two of at least 1,024 and at least eight buckets per worker the
 * factory may ever have, so that buckets spread evenly over workers after any resize and moving one bucket moves
 * few keys.
 *
 * <p>Threads: immutable; any thread.
 */
public final class KeyBuckets {

    private final int mask;

    /** Buckets for a factory of at most {@code maxWorkers} workers. */
    public KeyBuckets(int maxWorkers) {
        this.mask = countFor(maxWorkers) - 1;
    }

    /** The bucket count for a factory of at most {@code maxWorkers} workers. */
    public static int countFor(int maxWorkers) {
        int buckets = 1024;
        while (buckets < maxWorkers * 8L && buckets < (1 << 20)) {
            buckets <<= 1;
        }
        return buckets;
    }

    /** The number of buckets. */
    public int count() {
        return mask + 1;
    }

    /** The bucket of {@code key} (a Fibonacci hash of its {@code hashCode}, so poor hash codes still spread). */
    public int bucketOf(Object key) {
        int h = key.hashCode() * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }
}
