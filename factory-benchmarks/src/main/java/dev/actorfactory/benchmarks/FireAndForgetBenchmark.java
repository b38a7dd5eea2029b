package dev.actorfactory.benchmarks;

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
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"}) // a fixed, pre-touched heap: see README
public class FireAndForgetBenchmark {

    static final int JOBS = 1_000_000;
    static final long SUM = Sink.expectedSum(JOBS);

    /** Our factory, in each routing mode that spreads jobs without keys. */
    public static class Factories extends Baselines.FactoryState {
        @Param({"ROUND_ROBIN", "QUEUER", "RANDOM", "CUSTOM_HASH"})
        public RoutingMode routing;

        @Override
        RoutingMode routing() {
            return routing;
        }
    }

    @Benchmark
    @OperationsPerInvocation(JOBS)
    public void factory(Factories state) {
        run(state);
    }

    @Benchmark
    @OperationsPerInvocation(JOBS)
    public void ownActorsDirect(Baselines.OwnActors state) {
        dev.actorfactory.actor.ActorRef<Long>[] actors = state.actors;
        for (int i = 0; i < JOBS; i++) {
            actors[i % actors.length].tell(Sink.payload(i));
        }
        state.sink.awaitAndVerify(JOBS, SUM);
    }

    private static void run(Baselines.FactoryState state) {
        Factory<Integer, Long, Long> factory = state.factory;
        for (int i = 0; i < JOBS; i++) {
            factory.dispatch(Keys.BOXED[i % Keys.COUNT], Sink.payload(i)); // keys spread custom-hash routing
        }
        state.sink.awaitAndVerify(JOBS, SUM);
    }

    /** Pekko typed pool routers. */
    @State(Scope.Benchmark)
    public static class PekkoState {
        @Param("4")
        public int workers;
        final Sink sink = new Sink();
        ActorSystem<Void> system;
        ActorRef<Pekko.Job> roundRobin;
        ActorRef<Pekko.Job> random;

        @Setup
        public void start() {
            system = Pekko.system("fire-and-forget");
            roundRobin = Pekko.spawn(system, Routers.pool(workers, Pekko.worker(sink::accept))
                    .withRoundRobinRouting(), "round-robin");
            random = Pekko.spawn(system, Routers.pool(workers, Pekko.worker(sink::accept)).withRandomRouting(),
                    "random");
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
    public void pekkoDirect(Baselines.PekkoActors state) {
        ActorRef<Pekko.Job>[] actors = state.actors;
        for (int i = 0; i < JOBS; i++) {
            actors[i % actors.length].tell(new Pekko.Job(Sink.payload(i), null, null));
        }
        state.sink.awaitAndVerify(JOBS, SUM);
    }

    @Benchmark
    @OperationsPerInvocation(JOBS)
    public void jdkThreadPoolExecutor(Baselines.ThreadPool state) {
        Sink sink = state.sink;
        for (int i = 0; i < JOBS; i++) {
            Long payload = Sink.payload(i);
            state.executor.execute(() -> sink.accept(payload));
        }
        sink.awaitAndVerify(JOBS, SUM);
    }

    @Benchmark
    @OperationsPerInvocation(JOBS)
    public void virtualThreadPerWorker(Baselines.VirtualThreads state) {
        VirtualWorkers virtual = state.virtual;
        int n = virtual.size();
        for (int i = 0; i < JOBS; i++) {
            virtual.send(i % n, Sink.payload(i));
        }
        state.sink.awaitAndVerify(JOBS, SUM);
    }
}
