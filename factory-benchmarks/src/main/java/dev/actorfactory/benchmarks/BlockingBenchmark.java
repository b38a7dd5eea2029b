package dev.actorfactory.benchmarks;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

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
import dev.actorfactory.factory.worker.WorkerThreads;

/**
 * Workload 6: 32 workers whose jobs each block ~1 ms (a remote call); one producer sends 3,200 jobs per
 * operation. Score = jobs per second (32,000/s is the ideal).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"}) // a fixed, pre-touched heap: see README
public class BlockingBenchmark {

    static final int WORKERS = 32;
    static final int JOBS = 3_200;
    static final long SUM = Sink.expectedSum(JOBS);
    static final long BLOCK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** Our factory (queuer routing) on platform or virtual threads. */
    @State(Scope.Benchmark)
    public abstract static class FactoryState {
        final Sink sink = new Sink();
        Factory<Integer, Long, Long> factory;

        abstract WorkerThreads threads();

        @Setup
        public void start() {
            factory = FactoryFixture.start("blocking-" + threads(), RoutingMode.QUEUER, WORKERS, threads(), sink,
                    BLOCK_NANOS);
        }

        @TearDown
        public void stop() {
            FactoryFixture.stop(factory);
        }
    }

    /** Platform threads. */
    public static class Platform extends FactoryState {
        @Override
        WorkerThreads threads() {
            return WorkerThreads.PLATFORM;
        }
    }

    /** Virtual threads (JDK 21+). */
    public static class Virtual extends FactoryState {
        @Override
        WorkerThreads threads() {
            if (!VirtualWorkers.available()) {
                throw new UnsupportedOperationException("virtual threads need JDK 21+");
            }
            return WorkerThreads.VIRTUAL;
        }
    }

    @Benchmark
    @OperationsPerInvocation(JOBS)
    public void factoryPlatformThreads(Platform state) {
        run(state);
    }

    @Benchmark
    @OperationsPerInvocation(JOBS)
    public void factoryVirtualThreads(Virtual state) {
        run(state);
    }

    private static void run(FactoryState state) {
        for (int i = 0; i < JOBS; i++) {
            state.factory.dispatch(Keys.BOXED[i % Keys.COUNT], Sink.payload(i));
        }
        state.sink.awaitAndVerify(JOBS, SUM);
    }

    /** A ThreadPoolExecutor of 32 platform threads. */
    @State(Scope.Benchmark)
    public static class ExecutorState {
        final Sink sink = new Sink();
        ThreadPoolExecutor executor;

        @Setup
        public void start() {
            executor = new ThreadPoolExecutor(WORKERS, WORKERS, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
            executor.prestartAllCoreThreads();
        }

        @TearDown
        public void stop() throws InterruptedException {
            executor.shutdown();
            executor.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    @Benchmark
    @OperationsPerInvocation(JOBS)
    public void jdkThreadPoolExecutor(ExecutorState state) {
        Sink sink = state.sink;
        for (int i = 0; i < JOBS; i++) {
            Long payload = Sink.payload(i);
            state.executor.execute(() -> {
                Blocking.block(BLOCK_NANOS);
                sink.accept(payload);
            });
        }
        sink.awaitAndVerify(JOBS, SUM);
    }

    /** 32 virtual threads with blocking-queue mailboxes (JDK 21+). */
    @State(Scope.Benchmark)
    public static class VirtualState {
        final Sink sink = new Sink();
        VirtualWorkers virtual;

        @Setup
        public void start() {
            virtual = new VirtualWorkers(WORKERS, payload -> {
                Blocking.block(BLOCK_NANOS);
                sink.accept(payload);
            });
        }

        @TearDown
        public void stop() throws InterruptedException {
            virtual.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(JOBS)
    public void virtualThreadPerWorker(VirtualState state) {
        for (int i = 0; i < JOBS; i++) {
            state.virtual.send(i % WORKERS, Sink.payload(i));
        }
        state.sink.awaitAndVerify(JOBS, SUM);
    }
}
