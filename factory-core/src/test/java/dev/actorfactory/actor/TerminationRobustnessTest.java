package dev.actorfactory.actor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.actorfactory.supervision.ChildSpec;
import dev.actorfactory.supervision.RestartStrategy;
import dev.actorfactory.supervision.Supervisor;

/** Regression tests for races and failure paths around termination found in review. */
class TerminationRobustnessTest {

    @Test
    void supervisionEventsRacingTheParentsTerminationAreNeverLeftBehind() throws Exception {
        try (ActorSystem system = ActorSystem.builder("race").parallelism(2).build()) {
            for (int round = 0; round < 300; round++) {
                ActorRef<String> parent = system.spawn(new Actor<String, Void>() {
                    @Override
                    public void handle(ActorContext<String> context, String message, Void state) {
                    }

                    @Override
                    public void handleSupervisionEvent(ActorContext<String> c, SupervisionEvent e, Void s) {
                    }
                });
                List<ActorRef<String>> kids = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    kids.add(system.spawn((c, m, s) -> {
                        throw new IllegalStateException("boom");
                    }, SpawnOptions.defaults().withSupervisor(parent)));
                }
                for (ActorRef<String> kid : kids) {
                    kid.tell("boom");
                    if (kid == kids.get(8)) {
                        parent.stop();
                    }
                }
                // the parent's termination future completes only once its lock is released for good,
                // with no event stranded in its queue
                assertThat(parent.whenTerminated().get(10, TimeUnit.SECONDS).kind())
                        .isEqualTo(ExitReason.Kind.STOPPED);
                for (ActorRef<String> kid : kids) {
                    kid.whenTerminated().get(10, TimeUnit.SECONDS);
                }
            }
            assertThat(system.actorCount()).isZero();
        }
    }

    @Test
    void anErrorFromADeadLetterListenerDoesNotWedgeTermination() throws Exception {
        try (ActorSystem system = ActorSystem.create("listener-error")) {
            system.deadLetters().subscribe(letter -> {
                throw new AssertionError("listener bug");
            });
            ActorRef<String> ref = system.spawn("named", (c, m, s) -> c.self().stop("x"));
            ref.tell("first");
            ref.tell("second"); // becomes a dead letter during termination
            assertThat(ref.awaitTermination(Duration.ofSeconds(10))).isTrue();
            assertThat(system.actorCount()).isZero();
            assertThat(system.registry().names()).isEmpty();
        }
    }

    @Test
    void postStopRunsWithoutTheKillsInterrupt() throws Exception {
        try (ActorSystem system = ActorSystem.create("kill-flag")) {
            CompletableFuture<Boolean> interruptedInPostStop = new CompletableFuture<>();
            ActorRef<String> ref = system.spawn(new Actor<String, Void>() {
                @Override
                public void handle(ActorContext<String> context, String message, Void state) {
                    context.self().kill();
                }

                @Override
                public void postStop(ActorContext<String> context, Void state) {
                    interruptedInPostStop.complete(Thread.currentThread().isInterrupted());
                }
            });
            ref.tell("x");
            assertThat(ref.whenTerminated().get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.killed());
            assertThat(interruptedInPostStop.get(5, TimeUnit.SECONDS)).isFalse();
        }
    }

    @Test
    void aCleanShutdownDoesNotMakeSupervisorsRestartOrFail() {
        ActorSystem system = ActorSystem.builder("shutdown").parallelism(2).build();
        Set<ActorRef<?>> supervisors = ConcurrentHashMap.newKeySet();
        Set<String> failures = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 200; i++) {
            supervisors.add(Supervisor.start(system, SpawnOptions.defaults(),
                    RestartStrategy.oneForOne(10, Duration.ofMinutes(1)),
                    List.of(ChildSpec.permanent("c", () -> new Probe<String>().actor()))).ref());
        }
        system.addLifecycleListener(new ActorLifecycleListener() {
            @Override
            public void onTerminated(ActorRef<?> actor, ExitReason reason) {
                if (reason.kind() == ExitReason.Kind.FAILED) {
                    failures.add(actor + ": " + reason.error());
                }
            }
        });
        assertThat(system.shutdown(Duration.ofSeconds(10))).isTrue();
        assertThat(failures).isEmpty();
        assertThat(supervisors).allSatisfy(ref -> assertThat(ref.status()).isEqualTo(ActorStatus.STOPPED));
    }

    @Test
    void everyTimerOfATerminatedActorIsCancelled() throws Exception {
        try (ActorSystem system = ActorSystem.builder("timers").parallelism(2).build()) {
            List<ActorRef<String>> refs = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                ActorRef<String> ref = system.spawn((c, m, s) -> {
                });
                system.timers().sendAfter(ref, Duration.ZERO, "now"); // fires and forgets itself at once
                system.timers().sendAfter(ref, Duration.ofHours(1), "later"); // races with that
                refs.add(ref);
            }
            for (ActorRef<String> ref : refs) {
                ref.stop();
            }
            for (ActorRef<String> ref : refs) {
                ref.whenTerminated().get(5, TimeUnit.SECONDS);
            }
            long stillQueued = ((ScheduledThreadPoolExecutor) system.scheduler()).getQueue().stream()
                    .filter(task -> ((Delayed) task).getDelay(TimeUnit.MINUTES) > 1).count();
            assertThat(stillQueued).isZero();
        }
    }

    @Test
    void askAfterShutdownFailsTheFutureInsteadOfThrowing() {
        ActorSystem system = ActorSystem.create("ask-after");
        ActorRef<Object> ref = system.spawn((c, m, s) -> {
        });
        system.close();
        CompletableFuture<Object>[] answer = new CompletableFuture[1];
        assertThatCode(() -> answer[0] = ref.ask(reply -> "q", Duration.ofSeconds(1))).doesNotThrowAnyException();
        assertThat(answer[0]).isCompletedExceptionally();
    }
}
