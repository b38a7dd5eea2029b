package dev.actorfactory.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import org.apache.pekko.actor.typed.ActorRef;
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
 * Workload 3: four producer threads send 250,000 keyed jobs each (1,000,000 in all, 10,000 keys) to N workers;
 * an operation ends when every job has been processed. Score = jobs per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"}) // a fixed, pre-touched heap: see README
public class ManyProducersBenchmark {

    static final int PRODUCERS = 4;
    static final int JOBS = 1_000_000;
    static final int PER_PRODUCER = JOBS / PRODUCERS;
    static final long SUM = Sink.expectedSum(PER_PRODUCER) * PRODUCERS;

    /** The producer threads, shared by every system. */
    @State(Scope.Benchmark)
    public static class Producers {
        ExecutorService threads;

        @Setup
        public void start() {
            threads = Executors.newFixedThreadPool(PRODUCERS);
        }

        @TearDown
        public void stop() {
            threads.shutdownNow();
        }

        /** Runs {@code send(i)} for i in [0, 250,000) on each producer thread, and waits for them. */
        void produce(IntConsumer send) throws Exception {
            List<Future<?>> running = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                running.add(threads.submit(() -> {
                    for (int i = 0; i < PER_PRODUCER; i++) {
                        send.accept(i);
                    }
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        }
    }

    /** Our factory, key-persistent. */
    public static class Factories extends Baselines.FactoryState {
        @Param({"KEY_PERSISTENT"})
        public RoutingMode routing;

        @Override
        RoutingMode routing() {
            return routing;
        }
    }

    @Benchmark
    @OperationsPerInvocation(JOBS)
    public void factory(Factories state, Producers producers) throws Exception {
        Factory<Integer, Long, Long> factory = state.factory;
        producers.produce(i -> factory.dispatch(Keys.BOXED[i % Keys.COUNT], Sink.payload(i)));
        state.sink.awaitAndVerify(JOBS, SUM);
    }

    @Benchmark
    @OperationsPerInvocation(JOBS)
    public void jdkThreadPoolExecutor(Baselines.ThreadPool state, Producers producers) throws Exception {
        Sink sink = state.sink;
        producers.produce(i -> {
            Long payload = Sink.payload(i);
            state.executor.execute(() -> sink.accept(payload));
        });
        sink.awaitAndVerify(JOBS, SUM);
    }

    @Benchmark
    @OperationsPerInvocation(JOBS)
    public void pekkoDirectByKey(Baselines.PekkoActors state, Producers producers) throws Exception {
        ActorRef<Pekko.Job>[] actors = state.actors;
        producers.produce(i -> actors[Keys.workerFor(i % Keys.COUNT, actors.length)]
                .tell(new Pekko.Job(Sink.payload(i), null, null)));
        state.sink.awaitAndVerify(JOBS, SUM);
    }

    @Benchmark
    @OperationsPerInvocation(JOBS)
    public void jdkSingleThreadExecutors(Baselines.SingleThreadExecutors state, Producers producers) throws Exception {
        Sink sink = state.sink;
        ExecutorService[] executors = state.executors;
        producers.produce(i -> {
            Long payload = Sink.payload(i);
            executors[Keys.workerFor(i % Keys.COUNT, executors.length)].execute(() -> sink.accept(payload));
        });
        sink.awaitAndVerify(JOBS, SUM);
    }
}
