package dev.actorfactory.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.jspecify.annotations.Nullable;

/**
 * The mailbox of both runtimes: an unbounded, intrusive, multi-producer/single-consumer FIFO queue (Dmitry
 * Vyukov's intrusive MPSC node-based queue). Elements are {@link MpscNode}s linked through their own field, so
 * offering allocates nothing; the queue object is itself the list's stub node, so an empty queue is this one
 * object. An actor's messages and a factory's inboxes of jobs both live in one.
 *
 * <h2>Threads</h2>
 * <ul>
 *   <li>{@link #offer} — any thread, concurrently; wait-free: one atomic swap of {@code tail} and one release
 *       store that links the previous node.</li>
 *   <li>{@link #poll} — <b>one consumer at a time.</b> The queue does not enforce it: the caller holds whatever
 *       makes it the consumer (a lock, a scheduling bit in a status word) and hands that role over with a
 *       happens-before edge (unlock/lock, or a release and an acquire of the bit).</li>
 *   <li>{@link #isEmpty} — exact for the consumer (see below); from any other thread, a hint.</li>
 * </ul>
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li><b>FIFO, exactly once</b>: nodes come out in the order of their offers' swaps (an offer's linearization
 *       point), each offered node exactly once; {@code poll} returns {@code null} only when every node whose swap
 *       came before its read of {@code tail} has been returned.</li>
 *   <li><b>Publication</b>: everything a producer wrote before {@code offer(node)} (the node's own fields
 *       included) is visible to the consumer that polls that node.</li>
 *   <li><b>Detached results</b>: a polled node has a {@code null} link and the queue keeps no reference to it.
 *       It may be offered again, to this or another queue, and a dead node never keeps younger nodes reachable
 *       (no GC nepotism). To achieve that, the consumer puts the stub back behind the last node before taking
 *       it (one more swap, only when the queue runs empty).</li>
 *   <li><b>No lost wake-up</b>: the swap in {@code offer} is a full fence (a volatile read and write), and
 *       {@code isEmpty} reads {@code tail} with a volatile read. So if a producer offers and then reads the
 *       consumer's "idle" (or "scheduled") flag, and the consumer writes that flag with a volatile write or an
 *       atomic update and then calls {@code isEmpty}, at least one of them sees the other: the producer sees the
 *       flag, or {@code isEmpty} returns {@code false}. That also holds when the thread that calls
 *       {@code isEmpty} has just given up the consumer role with that flag update; if someone else became the
 *       consumer meanwhile, the answer is only a hint, but that someone then owns the queue anyway.</li>
 *   <li><b>Progress</b>: {@code poll} may spin while a producer is between its swap and its link (two adjacent
 *       instructions), as in every Vyukov-style queue; it never waits for anything else.</li>
 * </ul>
 *
 * <p>Internal: not part of the public API. Do not offer a queue into a queue: it extends {@link MpscNode} only
 * to be its own stub. The algorithm and the wake-up property are model-checked by
 * {@code MpscLinkedQueueModelCheckTest}.
 *
 * @param <N> the type of the queued nodes
 */
public final class MpscLinkedQueue<N extends MpscNode> extends MpscQueueHeadPadding {

    private static final int SPINS_BEFORE_YIELD = 64;
    private static final VarHandle TAIL;
    private static final VarHandle NEXT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TAIL = lookup.findVarHandle(MpscQueueTail.class, "tail", MpscNode.class);
            NEXT = lookup.findVarHandle(MpscNode.class, "next", MpscNode.class);
        } catch (ReflectiveOperationException error) {
            throw new ExceptionInInitializerError(error);
        }
    }

    /** The consumer's end: the node to return next, or this stub (consumer only; the producers' end is in
     * {@link MpscQueueTail}, a cache line away). */
    private MpscNode head = this;

    /** An empty queue. */
    public MpscLinkedQueue() {
        tail = this;
    }

    /**
     * Appends {@code node}. Any thread; wait-free; a full fence. The node must be detached (newly made, or
     * returned by {@link #poll}) and is owned by the queue until polled.
     */
    public void offer(N node) {
        append(node);
    }

    private void append(MpscNode node) {
        MpscNode previous = (MpscNode) TAIL.getAndSet(this, node);
        NEXT.setRelease(previous, node);
    }

    /**
     * Removes and returns the oldest node, detached; {@code null} if the queue is empty. Consumer only.
     */
    @SuppressWarnings("unchecked")
    public @Nullable N poll() {
        MpscNode first = head;
        MpscNode next = (MpscNode) NEXT.getAcquire(first);
        if (first == this) { // the stub: step over it
            if (next == null) {
                if (tail == this) {
                    return null;
                }
                next = awaitLink(this); // a producer swapped tail but has not linked its node yet
            }
            this.next = null; // no producer holds the stub as its predecessor any more: only we re-offer it
            first = next;
            next = (MpscNode) NEXT.getAcquire(first);
        }
        if (next == null) {
            if (tail == first) {
                append(this); // first is the last node: put the stub behind it, so that first can leave the list
            }
            next = awaitLink(first); // the stub, or the node of a producer that swapped after first
        }
        head = next;
        first.next = null; // detached: nobody links to it or from it any more
        return (N) first;
    }

    /**
     * Whether the queue holds no node. Exact when called by the consumer, with the no-lost-wake-up property
     * described in the class comment (a volatile read of the producers' end); from any other thread a racy hint,
     * which may be wrong either way while the consumer is polling.
     */
    public boolean isEmpty() {
        return tail == this && head == this;
    }

    /**
     * Waits for the producer between its swap and its link. It spins briefly, then yields: on a machine with more
     * busy threads than cores, that producer may have been descheduled right after its swap, and only giving up
     * the core lets it finish.
     */
    private static MpscNode awaitLink(MpscNode node) {
        MpscNode next;
        int spins = 0;
        while ((next = (MpscNode) NEXT.getAcquire(node)) == null) {
            if (++spins < SPINS_BEFORE_YIELD) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        return next;
    }
}
