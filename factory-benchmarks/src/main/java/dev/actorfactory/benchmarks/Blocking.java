package dev.actorfactory.benchmarks;

import java.util.concurrent.locks.LockSupport;

/** Simulates a remote call: parks the current thread for about the given time. */
final class Blocking {

    private Blocking() {
    }

    static void block(long nanos) {
        long deadline = System.nanoTime() + nanos;
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }
}
