package dev.actorfactory.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Where every system under test delivers its jobs: a count and a checksum of payloads, both {@link LongAdder}s so
 * that workers do not contend. {@link #awaitAndVerify} ends a measured operation only when every job has been
 * processed, and fails the benchmark if one was lost or counted twice.
 *
 * <p>Threads: {@link #accept} from any worker thread; {@link #awaitAndVerify} from the benchmark thread, which
 * polls with short parks so that it does not steal a core from the workers.
 */
public final class Sink {

    private final LongAdder count = new LongAdder();
    private final LongAdder sum = new LongAdder();

    /** Records one processed payload. */
    public void accept(long payload) {
        sum.add(payload); // before the count: a waiter that sees the count also sees the sum
        count.increment();
    }

    /** Waits until {@code jobs} payloads arrived, checks their sum, and resets for the next operation. */
    public void awaitAndVerify(long jobs, long expectedSum) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (count.sum() < jobs) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("jobs lost: " + count.sum() + " of " + jobs + " processed");
            }
            LockSupport.parkNanos(20_000);
        }
        long processed = count.sumThenReset();
        long checksum = sum.sumThenReset();
        if (processed != jobs || checksum != expectedSum) {
            throw new IllegalStateException("accounting broken: " + processed + " jobs (expected " + jobs
                    + "), checksum " + checksum + " (expected " + expectedSum + ")");
        }
    }

    /** The payload of job {@code i}: a small cached Long, so no system pays for boxing. */
    public static Long payload(long i) {
        return (i & 127) + 1;
    }

    /** The checksum of payloads 0 .. jobs-1. */
    public static long expectedSum(long jobs) {
        long sum = 0;
        for (long i = 0; i < jobs; i++) {
            sum += (i & 127) + 1;
        }
        return sum;
    }
}
