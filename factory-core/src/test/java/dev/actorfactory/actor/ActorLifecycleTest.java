package dev.actorfactory.actor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.actorfactory.registry.DuplicateNameException;

class ActorLifecycleTest {

    private final ActorSystem system = ActorSystem.create("lifecycle");

    @AfterEach
    void shutdown() {
        system.close();
    }

    /** Records every hook call, in order, into a list owned by the state. */
    static final class Recorder implements Actor<String, List<String>> {
        final Probe<List<String>> stopped = new Probe<>();
        final Probe<String> handled = new Probe<>();

        @Override
        public List<String> preStart(ActorContext<String> context) {
            List<String> calls = new ArrayList<>();
            calls.add("preStart:" + Thread.currentThread().getName());
            return calls;
        }

        @Override
        public void postStart(ActorContext<String> context, List<String> state) {
            state.add("postStart");
        }

        @Override
        public void handle(ActorContext<String> context, String message, List<String> state) {
            state.add("handle:" + message);
            handled.add(message);
        }

        @Override
        public void postStop(ActorContext<String> context, List<String> state) {
            state.add("postStop");
            stopped.add(List.copyOf(state));
        }
    }

    @Test
    void hooksRunInOrderWithTheStateBuiltByPreStart() throws Exception {
        Recorder recorder = new Recorder();
        ActorRef<String> ref = system.spawn(recorder);
        ref.tell("a");
        ref.tell("b");
        ref.tell("c");
        assertThat(recorder.handled.next(3)).containsExactly("a", "b", "c");
        ref.stop("done");

        List<String> calls = recorder.stopped.next();
        assertThat(calls.get(0)).isEqualTo("preStart:" + Thread.currentThread().getName());
        assertThat(calls.subList(1, calls.size())).containsExactly("postStart", "handle:a", "handle:b", "handle:c",
                "postStop");
        assertThat(ref.whenTerminated().get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.stopped("done"));
        assertThat(ref.status()).isEqualTo(ActorStatus.STOPPED);
    }

    @Test
    void preStartRunsBeforeSpawnReturnsAndMessagesSentMeanwhileAreQueued() throws Exception {
        Probe<String> probe = new Probe<>();
        ActorRef<String> ref = system.spawn(new Actor<String, String>() {
            @Override
            public String preStart(ActorContext<String> context) {
                context.self().tell("sent during preStart");
                assertThat(context.self().status()).isEqualTo(ActorStatus.STARTING);
                return "state";
            }

            @Override
            public void handle(ActorContext<String> context, String message, String state) {
                probe.add(state + "/" + message);
            }
        });
        assertThat(probe.next()).isEqualTo("state/sent during preStart");
        assertThat(ref.status()).isEqualTo(ActorStatus.RUNNING);
    }

    @Test
    void failingPreStartFailsTheSpawnWithTheCauseAndLeavesNothingBehind() {
        IllegalStateException cause = new IllegalStateException("no database");
        Actor<String, Void> broken = new Actor<>() {
            @Override
            public Void preStart(ActorContext<String> context) {
                throw cause;
            }

            @Override
            public void handle(ActorContext<String> context, String message, Void state) {
            }
        };

        assertThatThrownBy(() -> system.spawn("broken", broken))
                .isInstanceOf(SpawnException.class)
                .hasCause(cause)
                .hasMessageContaining("no database");
        assertThat(system.registry().lookup("broken")).isEmpty();
        assertThat(system.actorCount()).isZero();
        // the name is free again
        assertThat(system.spawn("broken", new Probe<String>().actor()).name()).isEqualTo("broken");
    }

    @Test
    void checkedExceptionFromPreStartIsTheSpawnExceptionsCause() {
        Exception cause = new java.io.IOException("disk");
        assertThatThrownBy(() -> system.spawn(new Actor<String, Void>() {
            @Override
            public Void preStart(ActorContext<String> context) throws Exception {
                throw cause;
            }

            @Override
            public void handle(ActorContext<String> context, String message, Void state) {
            }
        })).isInstanceOf(SpawnException.class).hasCause(cause);
    }

    @Test
    void failingPostStartFailsTheActorAndStillRunsPostStop() throws Exception {
        Probe<String> probe = new Probe<>();
        ActorRef<String> ref = system.spawn(new Actor<String, Void>() {
            @Override
            public void postStart(ActorContext<String> context, Void state) {
                throw new IllegalArgumentException("bad start");
            }

            @Override
            public void handle(ActorContext<String> context, String message, Void state) {
                probe.add("handled " + message);
            }

            @Override
            public void postStop(ActorContext<String> context, Void state) {
                probe.add("postStop");
            }
        });
        ExitReason exit = ref.whenTerminated().get(5, TimeUnit.SECONDS);
        assertThat(exit.kind()).isEqualTo(ExitReason.Kind.FAILED);
        assertThat(exit.error()).hasMessage("bad start");
        assertThat(probe.next()).isEqualTo("postStop");
    }

    @Test
    void failingPostStopTurnsAGracefulStopIntoAFailure() throws Exception {
        ActorRef<String> ref = system.spawn(new Actor<String, Void>() {
            @Override
            public void handle(ActorContext<String> context, String message, Void state) {
            }

            @Override
            public void postStop(ActorContext<String> context, Void state) {
                throw new IllegalStateException("cleanup failed");
            }
        });
        ref.stop();
        ExitReason exit = ref.whenTerminated().get(5, TimeUnit.SECONDS);
        assertThat(exit.kind()).isEqualTo(ExitReason.Kind.FAILED);
        assertThat(exit.error()).hasMessage("cleanup failed");
    }

    @Test
    void namedSpawnRegistersTheActorAndADuplicateNameIsAClearError() {
        ActorRef<String> first = system.spawn("orders", new Probe<String>().actor());
        assertThat(first.name()).isEqualTo("orders");
        assertThat(system.registry().lookup("orders")).containsSame(first);

        assertThatThrownBy(() -> system.spawn("orders", new Probe<String>().actor()))
                .isInstanceOf(DuplicateNameException.class)
                .hasMessageContaining("'orders'")
                .hasMessageContaining(first.toString());
        assertThat(system.actorCount()).isEqualTo(1);
    }

    @Test
    void idsAreUniqueAndToStringNamesTheActor() {
        ActorRef<String> a = system.spawn(new Probe<String>().actor());
        ActorRef<String> b = system.spawn("bee", new Probe<String>().actor());
        assertThat(a.id()).isNotEqualTo(b.id());
        assertThat(a.name()).isNull();
        assertThat(b.toString()).contains("#" + b.id()).contains("bee");
    }

    @Test
    void spawnAfterShutdownIsRefused() {
        system.close();
        assertThatThrownBy(() -> system.spawn(new Probe<String>().actor()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("lifecycle");
    }

    @Test
    void shutdownStopsEveryActorAndRunsTheirPostStop() throws Exception {
        int actors = 50;
        CountDownLatch stopped = new CountDownLatch(actors);
        for (int i = 0; i < actors; i++) {
            system.spawn(new Actor<String, Void>() {
                @Override
                public void handle(ActorContext<String> context, String message, Void state) {
                }

                @Override
                public void postStop(ActorContext<String> context, Void state) {
                    stopped.countDown();
                }
            });
        }
        assertThat(system.shutdown(Duration.ofSeconds(10))).isTrue();
        assertThat(stopped.getCount()).isZero();
        assertThat(system.actorCount()).isZero();
        assertThat(system.isShutdown()).isTrue();
    }
}
