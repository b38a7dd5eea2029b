package dev.actorfactory.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.actorfactory.actor.Actor;

/**
 * Workload 5a: time to spawn one idle actor, over batches of 100,000 spawned into a fresh system. Score =
 * microseconds per actor. (Retained heap per idle actor is measured by {@link IdleFootprint}.)
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, batchSize = 1)
@Measurement(iterations = 5, batchSize = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
public class SpawnBenchmark {

    static final int ACTORS = 100_000;

    /** A fresh actor system of ours per invocation. */
    @State(Scope.Thread)
    public static class OurSystem {
        dev.actorfactory.actor.ActorSystem system;
        final Actor<Object, Void> idle = (context, message, state) -> { };

        @Setup(Level.Invocation)
        public void start() {
            system = dev.actorfactory.actor.ActorSystem.create("spawn");
        }

        @TearDown(Level.Invocation)
        public void stop() {
            if (system.actorCount() != ACTORS) {
                throw new IllegalStateException("spawned " + system.actorCount() + " of " + ACTORS);
            }
            system.shutdown(Duration.ofSeconds(60));
        }
    }

    @Benchmark
    @OperationsPerInvocation(ACTORS)
    public void actorFactorySpawn(OurSystem state) {
        for (int i = 0; i < ACTORS; i++) {
            state.system.spawn(state.idle);
        }
    }

    /** A fresh Pekko typed system per invocation. */
    @State(Scope.Thread)
    public static class PekkoSystem {
        ActorSystem<Void> system;
        final Behavior<Object> idle = Behaviors.receive(Object.class).onAnyMessage(m -> Behaviors.same()).build();

        @Setup(Level.Invocation)
        public void start() {
            system = Pekko.system("spawn");
        }

        @TearDown(Level.Invocation)
        public void stop() {
            Pekko.terminate(system);
        }
    }

    @Benchmark
    @OperationsPerInvocation(ACTORS)
    public void pekkoSpawn(PekkoSystem state) {
        for (int i = 0; i < ACTORS; i++) {
            Pekko.spawn(state.system, state.idle, "a" + i);
        }
    }
}
