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
import dev.actorfactory.factory.worker.WorkerThreads;

/** The systems under test, as JMH states shared by the benchmark classes. Each delivers to its own {@link Sink}. */
public final class Baselines {

    private Baselines() {
    }

    /**
     * Our factory; each benchmark class declares the routing modes it measures as a {@code @Param}. Every benchmark
     * runs in both worker-thread modes: {@code SHARED} (workers take turns on the shared fork-join dispatcher, one
     * thread per core) and {@code PLATFORM} (a thread per worker, the default).
     */
    @State(Scope.Benchmark)
    public abstract static class FactoryState {
        @Param("4")
        public int workers;
        @Param({"SHARED", "PLATFORM"})
        public WorkerThreads threads;
        final Sink sink = new Sink();
        Factory<Integer, Long, Long> factory;

        abstract RoutingMode routing();

        /** The pool size (the {@code workers} parameter unless a benchmark varies it under another name). */
        int workerCount() {
            return workers;
        }

        @Setup
        public void start() {
            factory = FactoryFixture.start(getClass().getSimpleName() + "-" + routing() + "-" + threads, routing(),
                    workerCount(), threads, sink, 0);
        }

        @TearDown
        public void stop() {
            FactoryFixture.stop(factory);
        }
    }

    /**
     * This library's own actors ({@code dev.actorfactory.actor}, default dispatcher), N of them, the caller picking
     * the actor: the hand-off limit of this machine for the factory's job path.
     */
    @State(Scope.Benchmark)
    public static class OwnActors {
        @Param("4")
        public int workers;
        final Sink sink = new Sink();
        dev.actorfactory.actor.ActorSystem system;
        dev.actorfactory.actor.ActorRef<Long>[] actors;

        @Setup
        @SuppressWarnings("unchecked")
        public void start() {
            system = dev.actorfactory.actor.ActorSystem.create("own-actors");
            actors = new dev.actorfactory.actor.ActorRef[workers];
            dev.actorfactory.actor.Actor<Long, Void> worker = (context, payload, state) -> sink.accept(payload);
            for (int i = 0; i < workers; i++) {
                actors[i] = system.spawn(worker);
            }
        }

        @TearDown
        public void stop() {
            system.shutdown(java.time.Duration.ofSeconds(30));
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
