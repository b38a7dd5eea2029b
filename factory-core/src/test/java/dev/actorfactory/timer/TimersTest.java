package dev.actorfactory.timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.actorfactory.actor.Actor;
import dev.actorfactory.actor.ActorContext;
import dev.actorfactory.actor.ActorRef;
import dev.actorfactory.actor.ActorStoppedException;
import dev.actorfactory.actor.ActorSystem;
import dev.actorfactory.actor.ExitReason;
import dev.actorfactory.actor.Probe;

class TimersTest {

    private final ActorSystem system = ActorSystem.create("timers");

    @AfterEach
    void shutdown() {
        system.close();
    }

    /** Completes once every task already due on the scheduler has run: timers due before now have fired. */
    private void flushScheduler(Duration after) throws Exception {
        CompletableFuture<Void> marker = new CompletableFuture<>();
        system.scheduler().schedule(() -> marker.complete(null), after.toNanos(), TimeUnit.NANOSECONDS);
        marker.get(10, TimeUnit.SECONDS);
    }

    @Test
    void sendAfterDeliversOnce() throws Exception {
        Probe<String> probe = new Probe<>();
        ActorRef<String> ref = system.spawn(probe.actor());
        Cancellable timer = system.timers().sendAfter(ref, Duration.ofMillis(5), "ding");
        assertThat(probe.next()).isEqualTo("ding");
        assertThat(timer.cancel()).as("already fired").isFalse();
        await().until(() -> system.timers().pending(ref) == 0);
    }

    @Test
    void sendIntervalRepeatsUntilCancelled() throws Exception {
        Probe<Integer> probe = new Probe<>();
        ActorRef<Integer> ref = system.spawn(probe.actor());
        AtomicInteger counter = new AtomicInteger();
        Cancellable timer = system.timers().sendInterval(ref, Duration.ofMillis(2), counter::incrementAndGet);
        assertThat(probe.next(3)).containsExactly(1, 2, 3);
        assertThat(timer.cancel()).isTrue();
        assertThat(timer.isCancelled()).isTrue();
        flushScheduler(Duration.ZERO); // a tick already running when we cancelled may still finish
        int sent = counter.get();
        flushScheduler(Duration.ofMillis(20));
        assertThat(counter.get()).isEqualTo(sent);
        assertThat(system.timers().pending(ref)).isZero();
    }

    @Test
    void contextTimersSendToSelfAndStopAfterStops() throws Exception {
        Probe<String> probe = new Probe<>();
        ActorRef<String> ref = system.spawn(new Actor<String, Void>() {
            @Override
            public void postStart(ActorContext<String> context, Void state) {
                context.sendAfter(Duration.ofMillis(1), "tick");
            }

            @Override
            public void handle(ActorContext<String> context, String message, Void state) {
                probe.add(message);
                context.stopAfter(Duration.ofMillis(1));
            }
        });
        assertThat(probe.next()).isEqualTo("tick");
        assertThat(ref.whenTerminated().get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.stopped("stop-after timer"));
    }

    @Test
    void killAfterKills() throws Exception {
        ActorRef<String> ref = system.spawn(new Probe<String>().actor());
        system.timers().killAfter(ref, Duration.ofMillis(1));
        assertThat(ref.whenTerminated().get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.killed());
    }

    @Test
    void cancelledTimersNeverFire() throws Exception {
        Probe<String> probe = new Probe<>();
        ActorRef<String> ref = system.spawn(probe.actor());
        Cancellable send = system.timers().sendAfter(ref, Duration.ofMillis(20), "never");
        Cancellable stop = system.timers().stopAfter(ref, Duration.ofMillis(20), "never");
        Cancellable kill = system.timers().killAfter(ref, Duration.ofMillis(20));
        assertThat(send.cancel()).isTrue();
        assertThat(stop.cancel()).isTrue();
        assertThat(kill.cancel()).isTrue();
        flushScheduler(Duration.ofMillis(40));
        assertThat(probe.drain()).isEmpty();
        assertThat(ref.isAlive()).isTrue();
    }

    @Test
    void nothingFiresAfterTheActorStopped() throws Exception {
        AtomicInteger supplied = new AtomicInteger();
        Probe<Integer> probe = new Probe<>();
        ActorRef<Integer> ref = system.spawn(probe.actor());
        system.timers().sendInterval(ref, Duration.ofMillis(1), supplied::incrementAndGet);
        system.timers().sendAfter(ref, Duration.ofMillis(30), -1);
        probe.next();
        ref.stop();
        ref.whenTerminated().get(5, TimeUnit.SECONDS);
        assertThat(system.timers().pending(ref)).isZero();
        flushScheduler(Duration.ZERO); // a tick already running at termination may still finish
        int suppliedAtStop = supplied.get();
        long deadLettersAtStop = system.deadLetters().count();

        flushScheduler(Duration.ofMillis(50));
        assertThat(supplied.get()).isEqualTo(suppliedAtStop);
        assertThat(system.deadLetters().count()).isEqualTo(deadLettersAtStop);
    }

    @Test
    void timersOnADeadActorAreRefusedAndBadArgumentsNamed() throws Exception {
        ActorRef<String> ref = system.spawn(new Probe<String>().actor());
        assertThatThrownBy(() -> system.timers().sendAfter(ref, Duration.ofMillis(-1), "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delay");
        assertThatThrownBy(() -> system.timers().sendInterval(ref, Duration.ZERO, () -> "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("period");
        assertThatThrownBy(() -> system.timers().sendAfter(ref, Duration.ofMillis(1), null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("message");
        ref.stop();
        ref.whenTerminated().get(5, TimeUnit.SECONDS);
        assertThatThrownBy(() -> system.timers().sendAfter(ref, Duration.ofMillis(1), "x"))
                .isInstanceOf(ActorStoppedException.class);
    }
}
