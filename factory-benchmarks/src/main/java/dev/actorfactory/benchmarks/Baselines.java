package dev.actorfactory.benchmarks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.actorfactory.factory.Factory;
import dev.actorfactory.factory.routing.RoutingMode;

/** The systems under test, as JMH states shared by the benchmark classes. Each delivers to its own {@link Sink}. */
public final class Baselines {

    private Baselines() {
    }

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
            factory = FactoryFixture.start(getClass().getSimpleName() + "-" + routing(), routing(), workers, sink);
        }

        @TearDown
        public void stop() {
            FactoryFixture.stop(factory);
        }
    }

    /** A ThreadPoolExecutor with N threads and an unbounded LinkedBlockingQueue. */
    @State(Scope.Benchmark)
    public static class ThreadPool {
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

    /** N single-thread executors, to be indexed by key hash. */
    @State(Scope.Benchmark)
    public static class SingleThreadExecutors {
        @Param("4")
        public int workers;
        final Sink sink = new Sink();
        ExecutorService[] executors;

        @Setup
        public void start() {
            executors = new ExecutorService[workers];
            for (int i = 0; i < workers; i++) {
                executors[i] = Executors.newSingleThreadExecutor();
            }
        }

        @TearDown
        public void stop() throws InterruptedException {
            for (ExecutorService executor : executors) {
                executor.shutdown();
                executor.awaitTermination(1, TimeUnit.MINUTES);
            }
        }
    }

    /** Pekko typed: N plain actors that the caller picks itself (no router hop). */
    @State(Scope.Benchmark)
    public static class PekkoActors {
        @Param("4")
        public int workers;
        final Sink sink = new Sink();
        ActorSystem<Void> system;
        ActorRef<Pekko.Job>[] actors;

        @Setup
        @SuppressWarnings("unchecked")
        public void start() {
            system = Pekko.system("direct");
            actors = new ActorRef[workers];
            for (int i = 0; i < workers; i++) {
                actors[i] = Pekko.spawn(system, Pekko.worker(sink::accept), "worker-" + i);
            }
        }

        @TearDown
        public void stop() {
            Pekko.terminate(system);
        }
    }

    /** One virtual thread per worker with a blocking-queue mailbox (JDK 21+). */
    @State(Scope.Benchmark)
    public static class VirtualThreads {
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
}
