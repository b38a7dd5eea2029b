package dev.actorfactory.actor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many concurrent senders: no two handler calls of one actor overlap, nothing is lost, each sender's messages
 * arrive in send order, and each handler call sees the previous one's writes to plain (non-volatile) state.
 */
class ConcurrencyStressTest {

    private static final int SENDERS = 8;
    private static final int PER_SENDER = 50_000;

    private final ActorSystem system = ActorSystem.builder("stress").parallelism(4).throughput(7).build();

    @AfterEach
    void shutdown() {
        system.close();
    }

    record Msg(int sender, int sequence) {
    }

    /** Plain fields on purpose: correctness relies on the runtime's happens-before edges. */
    static final class Tally {
        final int[] lastSequence = new int[SENDERS];
        long received;
        long outOfOrder;
        long overlaps;
        int inside;
    }

    @Test
    void concurrentSendersNeverOverlapLoseOrReorder() throws Exception {
        AtomicInteger concurrentCalls = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        CompletableFuture<Tally> done = new CompletableFuture<>();
        long expected = (long) SENDERS * PER_SENDER;

        ActorRef<Msg> actor = system.spawn(new Actor<Msg, Tally>() {
            @Override
            public Tally preStart(ActorContext<Msg> context) {
                Tally tally = new Tally();
                java.util.Arrays.fill(tally.lastSequence, -1);
                return tally;
            }

            @Override
            public void handle(ActorContext<Msg> context, Msg message, Tally tally) {
                int now = concurrentCalls.incrementAndGet();
                maxConcurrent.accumulateAndGet(now, Math::max);
                if (tally.inside != 0) {
                    tally.overlaps++;
                }
                tally.inside++;
                if (message.sequence() != tally.lastSequence[message.sender()] + 1) {
                    tally.outOfOrder++;
                }
                tally.lastSequence[message.sender()] = message.sequence();
                tally.received++;
                tally.inside--;
                concurrentCalls.decrementAndGet();
                if (tally.received == expected) {
                    done.complete(tally);
                }
            }
        });

        CyclicBarrier start = new CyclicBarrier(SENDERS);
        List<Thread> senders = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            int sender = s;
            Thread thread = new Thread(() -> {
                try {
                    start.await(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < PER_SENDER; i++) {
                    actor.tell(new Msg(sender, i));
                }
            }, "sender-" + s);
            senders.add(thread);
            thread.start();
        }
        for (Thread thread : senders) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        }

        Tally tally = done.get(60, TimeUnit.SECONDS);
        assertThat(tally.received).isEqualTo(expected);
        assertThat(tally.outOfOrder).isZero();
        assertThat(tally.overlaps).isZero();
        assertThat(maxConcurrent.get()).isEqualTo(1);
        for (int s = 0; s < SENDERS; s++) {
            assertThat(tally.lastSequence[s]).isEqualTo(PER_SENDER - 1);
        }
        assertThat(system.deadLetters().count()).isZero();
    }

    @Test
    void manyActorsManySendersNothingLost() throws Exception {
        int actors = 200;
        int messagesPerActor = 2_000;
        CountDownLatch all = new CountDownLatch(actors);
        List<ActorRef<Integer>> refs = new ArrayList<>();
        for (int a = 0; a < actors; a++) {
            int[] count = new int[1];
            refs.add(system.spawn((context, message, state) -> {
                if (++count[0] == messagesPerActor) {
                    all.countDown();
                }
            }));
        }
        List<Thread> senders = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            int sender = s;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < messagesPerActor / 4; i++) {
                    for (ActorRef<Integer> ref : refs) {
                        ref.tell(sender);
                    }
                }
            });
            senders.add(thread);
            thread.start();
        }
        for (Thread thread : senders) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        }
        assertThat(all.await(60, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void concurrentAsksAllComplete() throws Exception {
        ActorRef<ReplyTo<Integer>> echo = system.spawn(new Actor<ReplyTo<Integer>, int[]>() {
            @Override
            public int[] preStart(ActorContext<ReplyTo<Integer>> context) {
                return new int[1];
            }

            @Override
            public void handle(ActorContext<ReplyTo<Integer>> context, ReplyTo<Integer> reply, int[] counter) {
                reply.reply(++counter[0]);
            }
        });
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            answers.add(echo.ask(reply -> reply, Duration.ofSeconds(30)));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertThat(answers.stream().map(CompletableFuture::join).distinct().count()).isEqualTo(20_000);
    }
}
