package dev.actorfactory.actor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ActorRefTest {

    private final ActorSystem system = ActorSystem.create("refs");

    @AfterEach
    void shutdown() {
        system.close();
    }

    sealed interface CounterMsg {
    }

    record Add(int amount) implements CounterMsg {
    }

    record Get(ReplyTo<Integer> replyTo) implements CounterMsg {
    }

    record Hold(CountDownLatch entered, CountDownLatch release) implements CounterMsg {
    }

    record Fail(ReplyTo<Integer> replyTo) implements CounterMsg {
    }

    /** A counter whose state is a one-element array (mutable state built by preStart). */
    static final class Counter implements Actor<CounterMsg, int[]> {
        @Override
        public int[] preStart(ActorContext<CounterMsg> context) {
            return new int[1];
        }

        @Override
        public void handle(ActorContext<CounterMsg> context, CounterMsg message, int[] total) throws Exception {
            if (message instanceof Add add) {
                total[0] += add.amount();
            } else if (message instanceof Get get) {
                get.replyTo().reply(total[0]);
            } else if (message instanceof Hold hold) {
                hold.entered().countDown();
                hold.release().await();
            } else if (message instanceof Fail) {
                throw new IllegalStateException("asked to fail");
            }
        }
    }

    @Test
    void askReturnsTheReply() throws Exception {
        ActorRef<CounterMsg> counter = system.spawn(new Counter());
        counter.tell(new Add(2));
        counter.tell(new Add(3));
        assertThat(counter.ask(Get::new, Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS)).isEqualTo(5);
    }

    @Test
    void tellDoesNotBlockOnABusyActor() throws Exception {
        ActorRef<CounterMsg> counter = system.spawn(new Counter());
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        counter.tell(new Hold(entered, release));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

        // the actor is busy; these tells must all return while it stays blocked
        for (int i = 0; i < 10_000; i++) {
            counter.tell(new Add(1));
        }
        assertThat(release.getCount()).isEqualTo(1);
        release.countDown();
        assertThat(counter.ask(Get::new, Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS)).isEqualTo(10_000);
    }

    @Test
    void askWithoutReplyTimesOutAndALateReplyIsDropped() throws Exception {
        AtomicReference<ReplyTo<Integer>> kept = new AtomicReference<>();
        CountDownLatch received = new CountDownLatch(1);
        ActorRef<ReplyTo<Integer>> silent = system.spawn((context, replyTo, state) -> {
            kept.set(replyTo);
            received.countDown();
        });

        CompletableFuture<Integer> answer = silent.ask(replyTo -> replyTo, Duration.ofMillis(50));
        assertThatThrownBy(() -> answer.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(AskTimeoutException.class).hasMessageContaining(silent.toString());

        assertThat(received.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(kept.get().isPending()).isFalse();
        assertThat(kept.get().reply(42)).as("late reply accepted").isFalse();
        assertThat(answer).isCompletedExceptionally();
    }

    @Test
    void askFailsWithTheHandlersExceptionWhenHandlingFails() throws Exception {
        ActorRef<CounterMsg> counter = system.spawn(new Counter());
        CompletableFuture<Integer> answer = counter.ask(Fail::new, Duration.ofSeconds(5));
        assertThatThrownBy(() -> answer.get(5, TimeUnit.SECONDS))
                .cause().isInstanceOf(IllegalStateException.class).hasMessage("asked to fail");
        assertThat(counter.whenTerminated().get(5, TimeUnit.SECONDS).kind()).isEqualTo(ExitReason.Kind.FAILED);
    }

    @Test
    void askToAStoppedActorFailsAtOnce() throws Exception {
        ActorRef<CounterMsg> counter = system.spawn(new Counter());
        counter.stop();
        counter.whenTerminated().get(5, TimeUnit.SECONDS);

        CompletableFuture<Integer> answer = counter.ask(Get::new, Duration.ofHours(1));
        assertThat(answer).isCompletedExceptionally();
        assertThatThrownBy(answer::join).cause().isInstanceOf(ActorStoppedException.class)
                .hasMessageContaining(counter.toString());
    }

    @Test
    void pendingAsksFailWhenTheActorStopsBeforeHandlingThem() throws Exception {
        ActorRef<CounterMsg> counter = system.spawn(new Counter());
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        counter.tell(new Hold(entered, release));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Integer> queued = counter.ask(Get::new, Duration.ofHours(1));
        counter.stop("going away");
        release.countDown();

        assertThatThrownBy(() -> queued.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(ActorStoppedException.class);
    }

    @Test
    void statusFollowsTheLifecycleAndAwaitTerminationReports() throws Exception {
        ActorRef<CounterMsg> counter = system.spawn(new Counter());
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        counter.tell(new Hold(entered, release));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(counter.status()).isEqualTo(ActorStatus.RUNNING);
        assertThat(counter.isAlive()).isTrue();

        counter.stop();
        assertThat(counter.status()).isEqualTo(ActorStatus.STOPPING);
        assertThat(counter.isAlive()).isFalse();
        assertThat(counter.awaitTermination(Duration.ZERO)).isFalse();

        release.countDown();
        assertThat(counter.awaitTermination(Duration.ofSeconds(5))).isTrue();
        assertThat(counter.status()).isEqualTo(ActorStatus.STOPPED);
    }

    @Test
    void whenTerminatedCannotBeCompletedByCallers() throws Exception {
        ActorRef<CounterMsg> counter = system.spawn(new Counter());
        counter.whenTerminated().complete(ExitReason.killed());
        assertThat(counter.isAlive()).isTrue();
        counter.stop("real");
        assertThat(counter.whenTerminated().get(5, TimeUnit.SECONDS).description()).isEqualTo("real");
    }

    @Test
    void firstStopReasonWins() throws Exception {
        ActorRef<CounterMsg> counter = system.spawn(new Counter());
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        counter.tell(new Hold(entered, release));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        counter.stop("first");
        counter.stop("second");
        release.countDown();
        assertThat(counter.whenTerminated().get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.stopped("first"));
    }
}
