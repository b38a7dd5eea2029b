package dev.actorfactory.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Model-checks {@link MpscLinkedQueue}, the mailbox of both runtimes (an actor's messages, a factory's inboxes of
 * jobs), with Lincheck.
 *
 * <p>{@link #offersAndPollsAreLinearizable}: producers offer concurrently while one consumer at a time (the
 * {@code consumer} group: one thread) polls one node, drains all (as the factory does under a slot's lock) or asks
 * whether the queue is empty; every explored interleaving must be linearizable against a plain FIFO — nothing
 * offered is lost or duplicated, order is kept, and the consumer's {@code isEmpty} is exact.
 *
 * <p>{@link WakeUps}: the no-lost-wake-up protocol an actor runs on top of the queue (a sender offers and then
 * schedules the consumer unless it is scheduled; the consumer drains, clears its flag and re-checks
 * {@code isEmpty}): after every interleaving, no message may be left in the queue with nobody scheduled.
 *
 * <p>Lincheck explores interleavings under sequential consistency, so it checks the algorithm, not the
 * release/acquire modes of its accesses.
 */
@Param(name = "message", gen = IntGen.class, conf = "1:9")
public class MpscLinkedQueueModelCheckTest {

    private final MpscLinkedQueue<Item> queue = new MpscLinkedQueue<>();

    @Operation
    public void offer(@Param(name = "message") int message) {
        queue.offer(new Item(message));
    }

    /** The single consumer: in the engine, the holder of the actor's SCHEDULED bit or of the slot's lock. */
    @Operation(nonParallelGroup = "consumer")
    public @Nullable Integer poll() {
        Item item = queue.poll();
        return item == null ? null : item.value;
    }

    @Operation(nonParallelGroup = "consumer")
    public List<Integer> drain() {
        List<Integer> drained = new ArrayList<>();
        Item item;
        while ((item = queue.poll()) != null) {
            drained.add(item.value);
        }
        return drained;
    }

    @Operation(nonParallelGroup = "consumer")
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    @Test
    void offersAndPollsAreLinearizable() {
        new ModelCheckingOptions()
                .iterations(20)
                .invocationsPerIteration(200)
                .threads(2)
                .actorsPerThread(3)
                .sequentialSpecification(Sequential.class)
                .check(MpscLinkedQueueModelCheckTest.class);
    }

    @Test
    void noMessageIsLeftWithNobodyScheduled() {
        new ModelCheckingOptions()
                .iterations(20)
                .invocationsPerIteration(200)
                .threads(2)
                .actorsPerThread(3)
                .actorsAfter(0) // a later send would pick up a stranded message and hide the bug
                .check(WakeUps.class);
    }

    /** A queued element. */
    static final class Item extends MpscNode {
        final int value;

        Item(int value) {
            this.value = value;
        }
    }

    /** The sequential queue: a deque. */
    public static class Sequential {
        private final ArrayDeque<Integer> queued = new ArrayDeque<>();

        public void offer(int message) {
            queued.add(message);
        }

        public @Nullable Integer poll() {
            return queued.poll();
        }

        public List<Integer> drain() {
            List<Integer> all = new ArrayList<>(queued);
            queued.clear();
            return all;
        }

        public boolean isEmpty() {
            return queued.isEmpty();
        }
    }

    /**
     * An actor's scheduling protocol in miniature: {@code scheduled} is the consumer lock. A sender offers, then
     * takes the lock if it is free and runs the consumer itself (an actor hands itself to a dispatcher instead).
     * The consumer takes at most {@link #THROUGHPUT} messages (an actor's budget per turn), releases the lock (a
     * full fence), and takes it again if the queue is not empty.
     */
    @Param(name = "message", gen = IntGen.class, conf = "1:9")
    public static class WakeUps {
        private static final int THROUGHPUT = 1;

        private final MpscLinkedQueue<Item> queue = new MpscLinkedQueue<>();
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private final AtomicInteger sent = new AtomicInteger();
        private int delivered; // consumer only

        @Operation
        public void send(@Param(name = "message") int message) {
            sent.incrementAndGet();
            queue.offer(new Item(message));
            if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
                consume();
            }
        }

        private void consume() {
            do {
                for (int budget = THROUGHPUT; budget > 0 && queue.poll() != null; budget--) {
                    delivered++;
                }
                scheduled.set(false);
            } while (!queue.isEmpty() && scheduled.compareAndSet(false, true));
        }

        /** After the threads of a scenario are done: nothing may be stranded. */
        @Validate
        public void nothingIsStranded() {
            if (!queue.isEmpty() || scheduled.get() || delivered != sent.get()) {
                throw new IllegalStateException("a message was left in the queue with nobody scheduled to take it ("
                        + delivered + " of " + sent.get() + " delivered)");
            }
        }
    }
}
