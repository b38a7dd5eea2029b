package dev.actorfactory.benchmarks;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Routers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.actorfactory.factory.Factory;
import dev.actorfactory.factory.routing.RoutingMode;
import dev.actorfactory.factory.worker.WorkerThreads;

/**
 * Workload 4: one caller doing synchronous request/reply round trips through N workers. Mode SampleTime gives the
 * mean and the p50 / p99 / p99.9 latencies. Each reply is checked against its request.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"}) // a fixed, pre-touched heap: see README
@State(Scope.Thread)
public class RequestReplyBenchmark {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** The next payload of the JDK baseline's requests (one caller thread). */
    private long next;

    /** Our factory, round-robin, answering with the request's payload; shared threads or a thread per worker. */
    @State(Scope.Benchmark)
    public static class FactoryState {
        @Param("4")
        public int workers;
        @Param({"SHARED", "PLATFORM"})
        public WorkerThreads threads;
        final Sink sink = new Sink();
        Factory<Integer, Long, Long> factory;
        long next;

        @Setup
        public void start() {
            factory = FactoryFixture.start("request-reply-" + threads, RoutingMode.ROUND_ROBIN, workers, threads, sink,
                    0);
        }

        @TearDown
        public void stop() {
            FactoryFixture.stop(factory);
        }
    }

    /**
     * Before each measured call the caller stays away long enough for every worker to park, so the call meets what
     * an occasional caller meets: a worker that must be woken (the tail this shows).
     */
    @State(Scope.Thread)
    public static class IdleGap {
        @Setup(Level.Invocation)
        public void letWorkersPark() {
            LockSupport.parkNanos(IDLE_GAP_NANOS);
        }
    }

    /** Long enough for a worker to stop lingering and park. */
    static final long IDLE_GAP_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    @Benchmark
    public long factoryCallAfterIdle(FactoryState state, IdleGap gap) throws Exception {
        return factoryCall(state);
    }

    @Benchmark
    public long pekkoAskRouterAfterIdle(PekkoState state, IdleGap gap) throws Exception {
        return ask(state, state.router);
    }

    @Benchmark
    public long factoryCall(FactoryState state) throws Exception {
        Long payload = Sink.payload(state.next++);
        long reply = state.factory.call(Keys.BOXED[0], payload).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return check(reply, payload);
    }

    /** Pekko typed: ask through a round-robin pool router, and ask a plain actor. */
    @State(Scope.Benchmark)
    public static class PekkoState {
        @Param("4")
        public int workers;
        final Sink sink = new Sink();
        ActorSystem<Void> system;
        ActorRef<Pekko.Job> router;
        ActorRef<Pekko.Job> direct;
        long next;

        @Setup
        public void start() {
            system = Pekko.system("request-reply");
            router = Pekko.spawn(system, Routers.pool(workers, Pekko.worker(sink::accept)).withRoundRobinRouting(),
                    "router");
            direct = Pekko.spawn(system, Pekko.worker(sink::accept), "direct");
        }

        @TearDown
        public void stop() {
            Pekko.terminate(system);
        }
    }

    @Benchmark
    public long pekkoAskRouter(PekkoState state) throws Exception {
        return ask(state, state.router);
    }

    @Benchmark
    public long pekkoAskDirect(PekkoState state) throws Exception {
        return ask(state, state.direct);
    }

    private static long ask(PekkoState state, ActorRef<Pekko.Job> target) throws Exception {
        Long payload = Sink.payload(state.next++);
        CompletableFuture<Long> reply = AskPattern.<Pekko.Job, Long>ask(target,
                replyTo -> new Pekko.Job(payload, null, replyTo), TIMEOUT, state.system.scheduler())
                .toCompletableFuture();
        return check(reply.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), payload);
    }

    @Benchmark
    public long jdkCompletableFuture(Baselines.ThreadPool state) throws Exception {
        Long payload = Sink.payload(next++);
        Sink sink = state.sink;
        long reply = CompletableFuture.supplyAsync(() -> {
            sink.accept(payload);
            return payload;
        }, state.executor).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return check(reply, payload);
    }

    private static long check(long reply, long payload) {
        if (reply != payload) {
            throw new IllegalStateException("wrong reply " + reply + " for request " + payload);
        }
        return reply;
    }
}
