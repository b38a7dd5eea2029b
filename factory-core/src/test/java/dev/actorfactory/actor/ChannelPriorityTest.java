package dev.actorfactory.actor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Kill > stop > supervision events > user messages. */
class ChannelPriorityTest {

    private final ActorSystem system = ActorSystem.create("priority");

    @AfterEach
    void shutdown() {
        system.close();
    }

    /** Blocks on the first message until released (interruptibly), records the rest. */
    static final class Gate implements Actor<String, Void> {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final Probe<String> handled = new Probe<>();
        final AtomicBoolean interrupted = new AtomicBoolean();
        final AtomicBoolean firstFinished = new AtomicBoolean();

        @Override
        public void handle(ActorContext<String> context, String message, Void state) throws Exception {
            if (message.equals("block")) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    interrupted.set(true);
                    throw e;
                }
                firstFinished.set(true);
            }
            handled.add(message);
        }
    }

    @Test
    void killOvertakesQueuedMessagesAndInterruptsTheCurrentOne() throws Exception {
        Gate gate = new Gate();
        ActorRef<String> ref = system.spawn(gate);
        Probe<DeadLetter> dead = new Probe<>();
        system.deadLetters().subscribe(dead::add);

        ref.tell("block");
        assertThat(gate.entered.await(5, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 100; i++) {
            ref.tell("queued-" + i);
        }
        ref.kill();

        assertThat(ref.whenTerminated().get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.killed());
        assertThat(gate.interrupted).isTrue();
        assertThat(gate.firstFinished).isFalse();
        assertThat(gate.handled.drain()).isEmpty();
        List<DeadLetter> letters = dead.next(100);
        assertThat(letters).extracting(DeadLetter::message).first().isEqualTo("queued-0");
        assertThat(letters).allSatisfy(letter -> assertThat(letter.recipient()).isSameAs(ref));
    }

    @Test
    void stopLetsTheCurrentMessageFinishAndSkipsTheQueuedOnes() throws Exception {
        Gate gate = new Gate();
        ActorRef<String> ref = system.spawn(gate);
        ref.tell("block");
        assertThat(gate.entered.await(5, TimeUnit.SECONDS)).isTrue();
        ref.tell("after-1");
        ref.tell("after-2");
        ref.stop("graceful");
        gate.release.countDown();

        assertThat(ref.whenTerminated().get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.stopped("graceful"));
        assertThat(gate.firstFinished).isTrue();
        assertThat(gate.interrupted).isFalse();
        assertThat(gate.handled.drain()).containsExactly("block");
        assertThat(system.deadLetters().count()).isEqualTo(2);
    }

    @Test
    void killOvertakesAPendingStop() throws Exception {
        Gate gate = new Gate();
        ActorRef<String> ref = system.spawn(gate);
        ref.tell("block");
        assertThat(gate.entered.await(5, TimeUnit.SECONDS)).isTrue();
        ref.stop("graceful");
        ref.kill();
        assertThat(ref.whenTerminated().get(5, TimeUnit.SECONDS).kind()).isEqualTo(ExitReason.Kind.KILLED);
        assertThat(gate.firstFinished).isFalse();
    }

    @Test
    void killOfAnIdleActorTerminatesIt() throws Exception {
        ActorRef<String> ref = system.spawn(new Probe<String>().actor());
        ref.kill();
        assertThat(ref.whenTerminated().get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.killed());
    }

    @Test
    void killDoesNotLeakAnInterruptToTheNextActorOnTheSameThread() throws Exception {
        try (ActorSystem single = ActorSystem.builder("single").parallelism(1).build()) {
            Gate gate = new Gate();
            ActorRef<String> victim = single.spawn(gate);
            Probe<Boolean> interruptedFlags = new Probe<>();
            ActorRef<String> next = single.spawn((context, message, state) ->
                    interruptedFlags.add(Thread.currentThread().isInterrupted()));
            victim.tell("block");
            assertThat(gate.entered.await(5, TimeUnit.SECONDS)).isTrue();
            victim.kill();
            victim.whenTerminated().get(5, TimeUnit.SECONDS);
            next.tell("run on the only thread");
            assertThat(interruptedFlags.next()).isFalse();
        }
    }

    @Test
    void supervisionEventsAreHandledBeforeQueuedUserMessages() throws Exception {
        Probe<String> order = new Probe<>();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ActorRef<String> parent = system.spawn(new Actor<String, Void>() {
            @Override
            public void handle(ActorContext<String> context, String message, Void state) throws Exception {
                if (message.equals("block")) {
                    entered.countDown();
                    release.await();
                }
                order.add("message:" + message);
            }

            @Override
            public void handleSupervisionEvent(ActorContext<String> context, SupervisionEvent event, Void state) {
                order.add("event:" + event.getClass().getSimpleName());
            }
        });
        ActorRef<String> child = system.spawn(new Probe<String>().actor(), SpawnOptions.defaults()
                .withSupervisor(parent));
        assertThat(order.next()).isEqualTo("event:ActorStarted");

        parent.tell("block");
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        parent.tell("queued");
        child.stop();
        child.whenTerminated().get(5, TimeUnit.SECONDS);
        release.countDown();

        assertThat(order.next(3)).containsExactly("message:block", "event:ActorTerminated", "message:queued");
    }

    @Test
    void stopRequestedDuringPreStartStopsTheActorBeforeItHandlesMessages() throws Exception {
        Probe<String> handled = new Probe<>();
        ActorRef<String> ref = system.spawn(new Actor<String, Void>() {
            @Override
            public Void preStart(ActorContext<String> context) {
                context.self().tell("early");
                context.stopSelf("changed my mind");
                return null;
            }

            @Override
            public void handle(ActorContext<String> context, String message, Void state) {
                handled.add(message);
            }
        });
        assertThat(ref.whenTerminated().get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.stopped("changed my mind"));
        assertThat(handled.drain()).isEmpty();
        assertThat(system.deadLetters().count()).isEqualTo(1);
    }
}
