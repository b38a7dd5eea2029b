package dev.actorfactory.benchmarks;

import java.util.function.LongConsumer;

import org.jspecify.annotations.Nullable;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** Pekko typed helpers, stock configuration (the default dispatcher, default mailboxes and throughput). */
final class Pekko {

    /** A job for Pekko actors: a payload and, for request/reply, where to answer. */
    record Job(long payload, @Nullable String key, @Nullable ActorRef<Long> replyTo) {
    }

    private Pekko() {
    }

    static ActorSystem<Void> system(String name) {
        return ActorSystem.create(Behaviors.empty(), name);
    }

    /** A worker that hands each payload to {@code sink} and answers if asked. */
    static Behavior<Job> worker(LongConsumer sink) {
        return Behaviors.receive(Job.class).onMessage(Job.class, job -> {
            sink.accept(job.payload());
            ActorRef<Long> replyTo = job.replyTo();
            if (replyTo != null) {
                replyTo.tell(job.payload());
            }
            return Behaviors.same();
        }).build();
    }

    static <T> ActorRef<T> spawn(ActorSystem<?> system, Behavior<T> behavior, String name) {
        return system.systemActorOf(behavior, name, Props.empty());
    }

    static void terminate(ActorSystem<?> system) {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
    }
}
