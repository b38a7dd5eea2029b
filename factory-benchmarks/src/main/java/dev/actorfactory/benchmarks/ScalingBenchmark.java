package dev.actorfactory.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Warmup;

import dev.actorfactory.factory.Factory;
import dev.actorfactory.factory.routing.RoutingMode;

/**
 * Workload 6: routing cost against pool size. One producer sends 1,000,000 jobs over 10,000 keys to 4 and to 1,000
 * workers in every routing mode; the target is a rate at 1,000 workers of at least 0.9 × the rate at 4.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"}) // a fixed, pre-touched heap: see README
public class ScalingBenchmark {

    static final int JOBS = 1_000_000;
    static final long SUM = Sink.expectedSum(JOBS);

    /** Our factory in every routing mode, with 4 or 1,000 workers. */
    public static class Factories extends Baselines.FactoryState {
        @Param({"KEY_PERSISTENT", "QUEUER", "STICKY_QUEUER", "ROUND_ROBIN", "RANDOM", "CUSTOM_HASH"})
        public RoutingMode routing;

        @Param({"4", "1000"})
        public int poolSize;

        @Override
        RoutingMode routing() {
            return routing;
        }

        @Override
        int workerCount() {
            return poolSize;
        }
    }

    @Benchmark
    @OperationsPerInvocation(JOBS)
    public void factory(Factories state) {
        Factory<Integer, Long, Long> factory = state.factory;
        for (int i = 0; i < JOBS; i++) {
            factory.dispatch(Keys.BOXED[i % Keys.COUNT], Sink.payload(i));
        }
        state.sink.awaitAndVerify(JOBS, SUM);
    }
}
