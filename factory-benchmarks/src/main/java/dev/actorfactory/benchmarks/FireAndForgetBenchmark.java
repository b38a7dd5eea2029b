package dev.actorfactory.benchmarks;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Routers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.actorfactory.factory.Factory;
import dev.actorfactory.factory.routing.RoutingMode;

/**
 * Workload 1: one producer sends 1,000,000 small fire-and-forget jobs to N workers; an operation ends only when
 * every job has been processed. Score = jobs per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FireAndForgetBenchmark {

    static final int JOBS = 1_000_000;
    static final long SUM = Sink.expectedSum(JOBS);
    static final Integer KEY = 1;

    /** Our factory with a given routing mode. */
    @State(Scope.Benchmark)
    public abstract static class FactoryState {
        @Param("4")
        public int workers;
        final Sink sink = new Sink();
        Factory<Integer, Long, Long> factory;

        abstract RoutingMode routing();

        @Setup
        public void start() {
            factory = FactoryFixture.start("bench-" + routing(), routing(), workers, sink);
        }

        @TearDown
        public void stop() {
            FactoryFixture.stop(factory);
        }
    }

    /** Round-robin routing. */
    public static class RoundRobin extends FactoryState {
        @Override
        RoutingMode routing() {
            return RoutingMode.ROUND_ROBIN;
        }
    }

    /** Queuer routing. */
    public static class Queuer extends FactoryState {
        @Override
        RoutingMode routing() {
            return RoutingMode.QUEUER;
        }
    }

    /** Random routing. */
    public static class RandomRouting extends FactoryState {
        @Override
        RoutingMode routing() {
            return RoutingMode.RANDOM;
        }
    }

    @Benchmark
    @OperationsPerInvocation(JOBS)
    public void factoryRoundRobin(RoundRobin state) {
        run(state);
    }

    @Benchmark
    @OperationsPerInvocation(JOBS)
    public void factoryQueuer(Queuer state) {
        run(state);
    }

    @Benchmark
    @OperationsPerInvocation(JOBS)
    public void factoryRandom(RandomRouting state) {
        run(state);
    }

    private static void run(FactoryState state) {
        Factory<Integer, Long, Long> factory = state.factory;
        for (int i = 0; i < JOBS; i++) {
            factory.dispatch(KEY, Sink.payload(i));
        }
        state.sink.awaitAndVerify(JOBS, SUM);
    }

    /** Pekko typed: a pool router, and plain actors the caller picks itself. */
    @State(Scope.Benchmark)
    public static class PekkoState {
        @Param("4")
        public int workers;
        final Sink sink = new Sink();
        ActorSystem<Void> system;
        ActorRef<Pekko.Job> roundRobin;
        ActorRef<Pekko.Job> random;
        ActorRef<Pekko.Job>[] direct;

        @Setup
        @SuppressWarnings("unchecked")
        public void start() {
            system = Pekko.system("fire-and-forget");
            roundRobin = Pekko.spawn(system, Routers.pool(workers, Pekko.worker(sink::accept))
                    .withRoundRobinRouting(), "round-robin");
            random = Pekko.spawn(system, Routers.pool(workers, Pekko.worker(sink::accept)).withRandomRouting(),
                    "random");
            direct = new ActorRef[workers];
            for (int i = 0; i < workers; i++) {
                direct[i] = Pekko.spawn(system, Pekko.worker(sink::accept), "worker-" + i);
            }
        }

        @TearDown
        public void stop() {
            Pekko.terminate(system);
        }
    }

    @Benchmark
    @OperationsPerInvocation(JOBS)
    public void pekkoRouterRoundRobin(PekkoState state) {
        for (int i = 0; i < JOBS; i++) {
            state.roundRobin.tell(new Pekko.Job(Sink.payload(i), null, null));
        }
        state.sink.awaitAndVerify(JOBS, SUM);
    }

    @Benchmark
    @OperationsPerInvocation(JOBS)
    public void pekkoRouterRandom(PekkoState state) {
        for (int i = 0; i < JOBS; i++) {
            state.random.tell(new Pekko.Job(Sink.payload(i), null, null));
        }
        state.sink.awaitAndVerify(JOBS, SUM);
    }

    @Benchmark
    @OperationsPerInvocation(JOBS)
    public void pekkoDirect(PekkoState state) {
        ActorRef<Pekko.Job>[] actors = state.direct;
        for (int i = 0; i < JOBS; i++) {
            actors[i % actors.length].tell(new Pekko.Job(Sink.payload(i), null, null));
        }
        state.sink.awaitAndVerify(JOBS, SUM);
    }

    /** A ThreadPoolExecutor with N threads and an unbounded LinkedBlockingQueue. */
    @State(Scope.Benchmark)
    public static class ExecutorState {
        @Param("4")
        public int workers;
        final Sink sink = new Sink();
        ThreadPoolExecutor executor;

        @Setup
        public void start() {
            executor = new ThreadPoolExecutor(workers, workers, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
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
            state.executor.execute(() -> sink.accept(payload));
        }
        sink.awaitAndVerify(JOBS, SUM);
    }

    /** One virtual thread per worker with a blocking-queue mailbox (JDK 21+). */
    @State(Scope.Benchmark)
    public static class VirtualState {
        @Param("4")
        public int workers;
        final Sink sink = new Sink();
        VirtualWorkers virtual;

        @Setup
        public void start() {
            virtual = new VirtualWorkers(workers, sink::accept);
        }

        @TearDown
        public void stop() throws InterruptedException {
            virtual.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(JOBS)
    public void virtualThreadPerWorker(VirtualState state) {
        VirtualWorkers virtual = state.virtual;
        int n = virtual.size();
        for (int i = 0; i < JOBS; i++) {
            virtual.send(i % n, Sink.payload(i));
        }
        state.sink.awaitAndVerify(JOBS, SUM);
    }
}
