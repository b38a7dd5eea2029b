package dev.actorfactory.actor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    private final ActorSystem system = ActorSystem.create("dead-letters");

    @AfterEach
    void shutdown() {
        system.close();
    }

    @Test
    void messageToAStoppedActorIsCountedAndHandedToListeners() throws Exception {
        Probe<DeadLetter> letters = new Probe<>();
        Subscription subscription = system.deadLetters().subscribe(letters::add);
        ActorRef<String> ref = system.spawn(new Probe<String>().actor());
        ref.stop();
        ref.whenTerminated().get(5, TimeUnit.SECONDS);

        ref.tell("hello?");
        assertThat(letters.next()).isEqualTo(new DeadLetter(ref, "hello?"));
        assertThat(system.deadLetters().count()).isEqualTo(1);

        subscription.close();
        ref.tell("unheard");
        assertThat(system.deadLetters().count()).isEqualTo(2);
        assertThat(letters.drain()).isEmpty();
    }

    @Test
    void askToAStoppedActorIsADeadLetterWithTheRequestAndFailsAtOnce() throws Exception {
        Probe<DeadLetter> letters = new Probe<>();
        system.deadLetters().subscribe(letters::add);
        ActorRef<Object> ref = system.spawn(new Probe<Object>().actor());
        ref.kill();
        ref.whenTerminated().get(5, TimeUnit.SECONDS);

        CompletableFuture<Object> answer = ref.ask(reply -> "request", Duration.ofHours(1));
        assertThat(answer).isCompletedExceptionally();
        assertThat(letters.next()).isEqualTo(new DeadLetter(ref, "request"));
    }

    @Test
    void failingListenerDoesNotStopOtherListenersOrTheCount() throws Exception {
        Probe<DeadLetter> letters = new Probe<>();
        system.deadLetters().subscribe(letter -> {
            throw new IllegalStateException("listener bug");
        });
        system.deadLetters().subscribe(letters::add);
        ActorRef<String> ref = system.spawn(new Probe<String>().actor());
        ref.stop();
        ref.whenTerminated().get(5, TimeUnit.SECONDS);
        ref.tell("x");
        assertThat(letters.next().message()).isEqualTo("x");
    }

    @Test
    void sendsRacingWithTerminationAreEitherHandledOrDeadLettersNeverLost() throws Exception {
        for (int round = 0; round < 50; round++) {
            AtomicLong handled = new AtomicLong();
            ActorRef<Integer> ref = system.spawn((context, message, state) -> handled.incrementAndGet());
            long deadBefore = system.deadLetters().count();
            int perSender = 2_000;
            CountDownLatch start = new CountDownLatch(1);
            Thread[] senders = new Thread[2];
            for (int s = 0; s < senders.length; s++) {
                senders[s] = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < perSender; i++) {
                        ref.tell(i);
                    }
                });
                senders[s].start();
            }
            start.countDown();
            ref.stop();
            for (Thread sender : senders) {
                sender.join();
            }
            ref.whenTerminated().get(5, TimeUnit.SECONDS);
            long expected = (long) perSender * senders.length;
            // every send either was handled or became a dead letter by the time both sides are done
            assertThat(handled.get() + system.deadLetters().count() - deadBefore).isEqualTo(expected);
        }
    }
}
