package dev.actorfactory.benchmarks;

import java.util.concurrent.ExecutorService;
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
 * Workload 2: one producer sends 1,000,000 jobs over 10,000 distinct keys to N workers, each key's jobs to one
 * worker (in order). Score = jobs per second, all jobs processed.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"}) // a fixed, pre-touched heap: see README
public class KeyedBenchmark {

    static final int JOBS = 1_000_000;
    static final long SUM = Sink.expectedSum(JOBS);

    /** Our factory, in each key-ordered routing mode. */
    public static class Factories extends Baselines.FactoryState {
        @Param({"KEY_PERSISTENT", "STICKY_QUEUER"})
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
    public void ownActorsDirectByKey(Baselines.OwnActors state) {
        dev.actorfactory.actor.ActorRef<Long>[] actors = state.actors;
        for (int i = 0; i < JOBS; i++) {
            actors[Keys.workerFor(i % Keys.COUNT, actors.length)].tell(Sink.payload(i));
        }
        state.sink.awaitAndVerify(JOBS, SUM);
    }

    private static void run(Baselines.FactoryState state) {
        Factory<Integer, Long, Long> factory = state.factory;
        for (int i = 0; i < JOBS; i++) {
            factory.dispatch(Keys.BOXED[i % Keys.COUNT], Sink.payload(i));
        }
        state.sink.awaitAndVerify(JOBS, SUM);
    }

    /** Pekko typed: a consistent-hashing pool router. */
    @State(Scope.Benchmark)
    public static class PekkoState {
        @Param("4")
        public int workers;
        final Sink sink = new Sink();
        ActorSystem<Void> system;
        ActorRef<Pekko.Job> consistentHashing;

        @Setup
        public void start() {
            system = Pekko.system("keyed");
            consistentHashing = Pekko.spawn(system, Routers.pool(workers, Pekko.worker(sink::accept))
                    .withConsistentHashingRouting(10, Pekko.Job::key), "consistent-hashing");
        }

        @TearDown
        public void stop() {
            Pekko.terminate(system);
        }
    }

    @Benchmark
    @OperationsPerInvocation(JOBS)
    public void pekkoConsistentHashing(PekkoState state) {
        for (int i = 0; i < JOBS; i++) {
            state.consistentHashing.tell(new Pekko.Job(Sink.payload(i), Keys.STRINGS[i % Keys.COUNT], null));
        }
        state.sink.awaitAndVerify(JOBS, SUM);
    }

    @Benchmark
    @OperationsPerInvocation(JOBS)
    public void pekkoDirectByKey(Baselines.PekkoActors state) {
        ActorRef<Pekko.Job>[] actors = state.actors;
        for (int i = 0; i < JOBS; i++) {
            int key = i % Keys.COUNT;
            actors[Keys.workerFor(key, actors.length)].tell(new Pekko.Job(Sink.payload(i), null, null));
        }
        state.sink.awaitAndVerify(JOBS, SUM);
    }

    @Benchmark
    @OperationsPerInvocation(JOBS)
    public void jdkSingleThreadExecutors(Baselines.SingleThreadExecutors state) {
        Sink sink = state.sink;
        ExecutorService[] executors = state.executors;
        for (int i = 0; i < JOBS; i++) {
            Long payload = Sink.payload(i);
            executors[Keys.workerFor(i % Keys.COUNT, executors.length)].execute(() -> sink.accept(payload));
        }
        sink.awaitAndVerify(JOBS, SUM);
    }

    @Benchmark
    @OperationsPerInvocation(JOBS)
    public void virtualThreadPerWorker(Baselines.VirtualThreads state) {
        VirtualWorkers virtual = state.virtual;
        for (int i = 0; i < JOBS; i++) {
            virtual.send(Keys.workerFor(i % Keys.COUNT, virtual.size()), Sink.payload(i));
        }
        state.sink.awaitAndVerify(JOBS, SUM);
    }
}
