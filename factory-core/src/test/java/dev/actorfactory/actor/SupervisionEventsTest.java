package dev.actorfactory.actor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SupervisionEventsTest {

    private final ActorSystem system = ActorSystem.builder("supervision").parallelism(2).build();

    @AfterEach
    void shutdown() {
        system.close();
    }

    /** A supervisor that records every event it receives and never escalates. */
    static final class Watcher implements Actor<String, Void> {
        final Probe<SupervisionEvent> events = new Probe<>();

        @Override
        public void handle(ActorContext<String> context, String message, Void state) {
        }

        @Override
        public void handleSupervisionEvent(ActorContext<String> context, SupervisionEvent event, Void state) {
            events.add(event);
        }
    }

    static Actor<String, Void> failingOn(String poison) {
        return (context, message, state) -> {
            if (message.equals(poison)) {
                throw new IllegalStateException("poisoned by " + message);
            }
        };
    }

    @Test
    void supervisorReceivesStartedThenTerminatedExactlyOnce() throws Exception {
        Watcher watcher = new Watcher();
        ActorRef<String> supervisor = system.spawn(watcher);
        ActorRef<String> child = system.spawn(failingOn("x"), SpawnOptions.defaults().withSupervisor(supervisor));

        assertThat(watcher.events.next()).isEqualTo(new SupervisionEvent.ActorStarted(child));
        child.stop("bye");
        child.stop("again");
        assertThat(watcher.events.next()).isEqualTo(new SupervisionEvent.ActorTerminated(child,
                ExitReason.stopped("bye")));
        child.whenTerminated().get(5, TimeUnit.SECONDS);
        // any duplicate event about the first child was queued before it terminated, so before this one
        ActorRef<String> second = system.spawn(failingOn("x"), SpawnOptions.defaults().withSupervisor(supervisor));
        assertThat(watcher.events.next()).isEqualTo(new SupervisionEvent.ActorStarted(second));
    }

    @Test
    void failureInAHandlerFailsOnlyThatActorAndIsReportedOnce() throws Exception {
        Watcher watcher = new Watcher();
        ActorRef<String> supervisor = system.spawn(watcher);
        ActorRef<String> child = system.spawn(failingOn("boom"), SpawnOptions.defaults().withSupervisor(supervisor));
        Probe<String> bystander = new Probe<>();
        ActorRef<String> other = system.spawn(bystander.actor());
        watcher.events.next(); // started

        child.tell("boom");
        child.tell("never handled");
        SupervisionEvent event = watcher.events.next();
        assertThat(event).isInstanceOf(SupervisionEvent.ActorFailed.class);
        assertThat(((SupervisionEvent.ActorFailed) event).error()).hasMessage("poisoned by boom");
        assertThat(child.whenTerminated().get(5, TimeUnit.SECONDS).kind()).isEqualTo(ExitReason.Kind.FAILED);

        // the supervisor, other actors and the dispatcher threads are unharmed
        assertThat(supervisor.isAlive()).isTrue();
        for (int i = 0; i < 100; i++) {
            other.tell("still here " + i);
        }
        assertThat(bystander.next(100)).hasSize(100);
        ActorRef<String> second = system.spawn(failingOn("x"), SpawnOptions.defaults().withSupervisor(supervisor));
        assertThat(watcher.events.next()).isEqualTo(new SupervisionEvent.ActorStarted(second));
    }

    @Test
    void killedChildIsReportedAsTerminatedWithReasonKilled() throws Exception {
        Watcher watcher = new Watcher();
        ActorRef<String> supervisor = system.spawn(watcher);
        ActorRef<String> child = system.spawn(failingOn("x"), SpawnOptions.defaults().withSupervisor(supervisor));
        watcher.events.next();
        child.kill();
        assertThat(watcher.events.next()).isEqualTo(new SupervisionEvent.ActorTerminated(child, ExitReason.killed()));
    }

    @Test
    void byDefaultAChildsFailureEscalatesToItsSupervisorAndUpwards() throws Exception {
        Watcher top = new Watcher();
        ActorRef<String> root = system.spawn(top);
        ActorRef<String> middle = system.spawn(failingOn("never"), SpawnOptions.defaults().withSupervisor(root));
        ActorRef<String> leaf = system.spawn(failingOn("boom"), SpawnOptions.defaults().withSupervisor(middle));
        top.events.next(); // middle started

        leaf.tell("boom");
        SupervisionEvent event = top.events.next();
        assertThat(event.actor()).isSameAs(middle);
        assertThat(event).isInstanceOfSatisfying(SupervisionEvent.ActorFailed.class, failed ->
                assertThat(failed.error()).isInstanceOf(ChildFailedException.class)
                        .hasRootCauseMessage("poisoned by boom"));
    }

    @Test
    void terminatingSupervisorStopsItsChildren() throws Exception {
        Watcher watcher = new Watcher();
        ActorRef<String> supervisor = system.spawn(watcher);
        CountDownLatch spawned = new CountDownLatch(1);
        ActorRef<String> parent = system.spawn(new Actor<String, Void>() {
            @Override
            public Void preStart(ActorContext<String> context) {
                context.spawnChild(failingOn("x"));
                context.spawnChild(failingOn("x"));
                spawned.countDown();
                return null;
            }

            @Override
            public void handle(ActorContext<String> context, String message, Void state) {
            }

            @Override
            public void handleSupervisionEvent(ActorContext<String> context, SupervisionEvent event, Void state) {
            }
        }, SpawnOptions.defaults().withSupervisor(supervisor));
        assertThat(spawned.await(5, TimeUnit.SECONDS)).isTrue();
        ActorContext<?> context = (ActorContext<?>) parent;
        List<ActorRef<?>> children = List.copyOf(context.children());
        assertThat(children).hasSize(2);

        parent.stop();
        for (ActorRef<?> child : children) {
            assertThat(child.whenTerminated().get(5, TimeUnit.SECONDS).description()).contains("supervisor");
        }
        assertThat(context.children()).isEmpty();
    }

    @Test
    void spawningUnderADeadSupervisorFails() throws Exception {
        ActorRef<String> supervisor = system.spawn(new Watcher());
        supervisor.stop();
        supervisor.whenTerminated().get(5, TimeUnit.SECONDS);
        assertThatThrownBy(() -> system.spawn(failingOn("x"), SpawnOptions.defaults().withSupervisor(supervisor)))
                .isInstanceOf(SpawnException.class).hasMessageContaining("not alive");
        assertThat(system.actorCount()).isZero();
    }

    @Test
    void supervisorFromAnotherSystemIsRejected() {
        try (ActorSystem other = ActorSystem.create("other")) {
            ActorRef<String> foreign = other.spawn(new Watcher());
            assertThatThrownBy(() -> system.spawn(failingOn("x"), SpawnOptions.defaults().withSupervisor(foreign)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("supervisor");
        }
    }
}
