package dev.actorfactory.footprint;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import dev.actorfactory.factory.Factory;
import dev.actorfactory.factory.routing.RoutingMode;
import dev.actorfactory.factory.worker.WorkerThreads;

/**
 * A quick throughput figure per routing mode (not a test; the JMH suite in factory-benchmarks is the reference).
 * One producer submits N tiny fire-and-forget jobs to 4 workers; the time runs until all are processed.
 * Run after {@code ./mvnw -pl factory-core test-compile} with the same class path as {@link IdleActorFootprint}.
 */
public final class QuickFactoryThroughput {

    private QuickFactoryThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        for (WorkerThreads threads : new WorkerThreads[] {WorkerThreads.SHARED, WorkerThreads.PLATFORM}) {
            for (RoutingMode mode : RoutingMode.values()) {
                double best = 0;
                for (int round = 0; round < rounds; round++) {
                    best = Math.max(best, run(mode, threads, jobs));
                }
                System.out.printf(Locale.ROOT, "%-8s %-15s %6.2f M jobs/s (best of %d, %d jobs, 4 workers)%n",
                        threads, mode, best / 1e6, rounds, jobs);
            }
        }
    }

    private static double run(RoutingMode mode, WorkerThreads threads, int jobs) throws Exception {
        LongAdder sum = new LongAdder();
        CountDownLatch done = new CountDownLatch(jobs);
        Factory.Builder<Integer, Integer, Void> builder = Factory.<Integer, Integer, Void>builder("quick-" + mode)
                .workerBuilder(id -> job -> {
                    sum.add(job.message());
                    done.countDown();
                    return null;
                })
                .workers(4)
                .workerThreads(threads)
                .routing(mode);
        if (mode == RoutingMode.CUSTOM_HASH) {
            builder.customHash((key, n) -> key);
        }
        Factory<Integer, Integer, Void> factory = builder.build().start();
        long start = System.nanoTime();
        for (int i = 0; i < jobs; i++) {
            factory.dispatch(i % 10_000, 1);
        }
        if (!done.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("jobs lost in " + mode);
        }
        long elapsed = System.nanoTime() - start;
        factory.drain(Duration.ofSeconds(10)).get();
        if (sum.sum() != jobs) {
            throw new IllegalStateException("checksum mismatch in " + mode);
        }
        return jobs / (elapsed / 1e9);
    }
}
