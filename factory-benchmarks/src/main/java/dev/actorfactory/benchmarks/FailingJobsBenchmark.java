package dev.actorfactory.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.actorfactory.factory.Factory;
import dev.actorfactory.factory.routing.RoutingMode;
import dev.actorfactory.factory.stats.FactoryStatsListener;

/**
 * The failure path: one producer sends 20,000 fire-and-forget jobs whose worker always throws (no retry), to 4
 * workers; an operation ends when every job has failed. Each failure replaces the worker instance, is counted,
 * logged (within the factory's log rate) and kept in the ring of recent failures. Score = failed jobs per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class FailingJobsBenchmark {

    static final int JOBS = 20_000;

    /** A factory whose workers fail every job. */
    @State(Scope.Benchmark)
    public static class Failing {
        final LongAdder failed = new LongAdder();
        Factory<Integer, Long, Long> factory;

        @Setup
        public void start() {
            factory = Factory.<Integer, Long, Long>builder("failing")
                    .workerBuilder(id -> job -> {
                        throw new IllegalStateException("job " + job.message() + " failed");
                    })
                    .workers(4)
                    .routing(RoutingMode.ROUND_ROBIN)
                    .statsListener(new FactoryStatsListener() {
                        @Override
                        public void onJobFailed(String name, Throwable error) {
                            failed.increment();
                        }
                    })
                    .build().start();
        }

        @TearDown
        public void stop() {
            factory.drain(Duration.ofSeconds(30)).join();
        }
    }

    @Benchmark
    @OperationsPerInvocation(JOBS)
    public void factoryJobsFailing(Failing state) {
        long target = state.failed.sum() + JOBS;
        for (int i = 0; i < JOBS; i++) {
            state.factory.dispatch(Keys.BOXED[i % Keys.COUNT], Sink.payload(i));
        }
        while (state.failed.sum() < target) {
            LockSupport.parkNanos(20_000);
        }
    }
}
