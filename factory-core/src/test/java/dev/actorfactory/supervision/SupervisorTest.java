package dev.actorfactory.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.actorfactory.actor.Actor;
import dev.actorfactory.actor.ActorContext;
import dev.actorfactory.actor.ActorRef;
import dev.actorfactory.actor.ActorSystem;
import dev.actorfactory.actor.Probe;
import dev.actorfactory.actor.SpawnException;
import dev.actorfactory.actor.SpawnOptions;
import dev.actorfactory.actor.SupervisionEvent;

class SupervisorTest {

    private final ActorSystem system = ActorSystem.create("supervisor");

    @AfterEach
    void shutdown() {
        system.close();
    }

    /** Fails on "boom"; counts its incarnations through the shared counter. */
    static Actor<String, Integer> worker(AtomicInteger incarnations, Probe<String> handled) {
        return new Actor<>() {
            @Override
            public Integer preStart(ActorContext<String> context) {
                return incarnations.incrementAndGet();
            }

            @Override
            public void handle(ActorContext<String> context, String message, Integer incarnation) {
                if (message.equals("boom")) {
                    throw new IllegalStateException("boom in incarnation " + incarnation);
                }
                handled.add(incarnation + ":" + message);
            }
        };
    }

    @Test
    void failedChildIsRestartedAsAFreshIncarnation() throws Exception {
        AtomicInteger incarnations = new AtomicInteger();
        Probe<String> handled = new Probe<>();
        Supervisor supervisor = Supervisor.start(system, SpawnOptions.defaults(),
                RestartStrategy.oneForOne(3, Duration.ofMinutes(1)),
                List.of(ChildSpec.permanent("worker", () -> worker(incarnations, handled))));
        ActorRef<String> first = supervisor.<String>child("worker").orElseThrow();
        first.tell("boom");
        first.whenTerminated().get(5, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(10)).until(() -> supervisor.<String>child("worker")
                .filter(ref -> ref != first).isPresent());
        ActorRef<String> second = supervisor.<String>child("worker").orElseThrow();
        second.tell("hello");
        assertThat(handled.next()).isEqualTo("2:hello");
        assertThat(supervisor.restartCount()).isEqualTo(1);
    }

    @Test
    void exceedingTheRestartIntensityFailsTheSupervisorUpwardsAndStopsItsChildren() throws Exception {
        AtomicInteger incarnations = new AtomicInteger();
        Probe<String> handled = new Probe<>();
        Probe<SupervisionEvent> topEvents = new Probe<>();
        ActorRef<String> top = system.spawn(new Actor<String, Void>() {
            @Override
            public void handle(ActorContext<String> context, String message, Void state) {
            }

            @Override
            public void handleSupervisionEvent(ActorContext<String> context, SupervisionEvent event, Void state) {
                topEvents.add(event);
            }
        });
        Supervisor supervisor = Supervisor.start(system, SpawnOptions.defaults().withSupervisor(top),
                RestartStrategy.oneForOne(2, Duration.ofMinutes(1)),
                List.of(ChildSpec.permanent("worker", () -> worker(incarnations, handled)),
                        ChildSpec.permanent("bystander", () -> worker(new AtomicInteger(), handled))));
        ActorRef<String> bystander = supervisor.<String>child("bystander").orElseThrow();
        assertThat(topEvents.next()).isInstanceOf(SupervisionEvent.ActorStarted.class);

        for (int crash = 1; crash <= 3; crash++) {
            int incarnation = crash;
            await().atMost(Duration.ofSeconds(10)).until(() -> incarnations.get() == incarnation
                    && supervisor.child("worker").isPresent());
            supervisor.<String>child("worker").orElseThrow().tell("boom");
        }

        SupervisionEvent event = topEvents.next();
        assertThat(event.actor()).isSameAs(supervisor.ref());
        assertThat(event).isInstanceOfSatisfying(SupervisionEvent.ActorFailed.class, failed -> assertThat(failed.error())
                .isInstanceOf(RestartIntensityExceededException.class)
                .hasMessageContaining("more than 2 restarts")
                .hasRootCauseMessage("boom in incarnation 3"));
        assertThat(bystander.whenTerminated().get(5, TimeUnit.SECONDS).description()).contains("supervisor");
        assertThat(incarnations.get()).isEqualTo(3);
    }

    @Test
    void restartsWaitForTheBackoffDelay() throws Exception {
        AtomicInteger incarnations = new AtomicInteger();
        Probe<String> handled = new Probe<>();
        // an hour-long backoff: the restart is pending, not performed, while the test looks
        Supervisor supervisor = Supervisor.start(system, SpawnOptions.defaults(),
                RestartStrategy.oneForOne(5, Duration.ofMinutes(1)).withBackoff(Backoff.fixed(Duration.ofHours(1))),
                List.of(ChildSpec.permanent("worker", () -> worker(incarnations, handled))));
        ActorRef<String> first = supervisor.<String>child("worker").orElseThrow();
        first.tell("boom");
        first.whenTerminated().get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> system.timers().pending(supervisor.ref()) == 1);
        assertThat(supervisor.child("worker")).isEmpty();
        assertThat(incarnations.get()).isEqualTo(1);
    }

    @Test
    void transientChildIsNotRestartedAfterAGracefulStopButTemporaryNeverIs() throws Exception {
        AtomicInteger transientIncarnations = new AtomicInteger();
        AtomicInteger temporaryIncarnations = new AtomicInteger();
        Probe<String> handled = new Probe<>();
        Supervisor supervisor = Supervisor.start(system, SpawnOptions.defaults(),
                RestartStrategy.oneForOne(5, Duration.ofMinutes(1)),
                List.of(ChildSpec.transientChild("transient", () -> worker(transientIncarnations, handled)),
                        new ChildSpec<>("temporary", () -> worker(temporaryIncarnations, handled),
                                ChildSpec.Restart.TEMPORARY, SpawnOptions.defaults())));
        ActorRef<String> transientChild = supervisor.<String>child("transient").orElseThrow();
        ActorRef<String> temporaryChild = supervisor.<String>child("temporary").orElseThrow();
        transientChild.stop();
        temporaryChild.tell("boom");
        transientChild.whenTerminated().get(5, TimeUnit.SECONDS);
        temporaryChild.whenTerminated().get(5, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(10)).until(() -> supervisor.child("transient").isEmpty()
                && supervisor.child("temporary").isEmpty());
        assertThat(supervisor.restartCount()).isZero();
        assertThat(transientIncarnations.get()).isEqualTo(1);
        assertThat(temporaryIncarnations.get()).isEqualTo(1);

        // a transient child that is killed is restarted
        ActorRef<String> again = Supervisor.start(system, SpawnOptions.defaults(),
                RestartStrategy.oneForOne(5, Duration.ofMinutes(1)),
                List.of(ChildSpec.transientChild("t", () -> worker(transientIncarnations, handled))))
                .<String>child("t").orElseThrow();
        again.kill();
        await().atMost(Duration.ofSeconds(10)).until(() -> transientIncarnations.get() == 3);
    }

    @Test
    void childThatFailsToStartMakesTheSupervisorStartFail() {
        assertThatThrownBy(() -> Supervisor.start(system, SpawnOptions.named("sup"),
                RestartStrategy.oneForOne(1, Duration.ofSeconds(1)),
                List.of(ChildSpec.permanent("broken", () -> new Actor<String, Void>() {
                    @Override
                    public Void preStart(ActorContext<String> context) {
                        throw new IllegalStateException("cannot start");
                    }

                    @Override
                    public void handle(ActorContext<String> context, String message, Void state) {
                    }
                })))).isInstanceOf(SpawnException.class).hasRootCauseMessage("cannot start");
        assertThat(system.registry().lookup("sup")).isEmpty();
        assertThat(system.actorCount()).isZero();
    }

    @Test
    void duplicateChildIdsAreRejected() {
        assertThatThrownBy(() -> Supervisor.start(system, SpawnOptions.defaults(),
                RestartStrategy.oneForOne(1, Duration.ofSeconds(1)),
                List.of(ChildSpec.permanent("a", () -> new Probe<String>().actor()),
                        ChildSpec.permanent("a", () -> new Probe<String>().actor()))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a'");
    }
}
