package dev.actorfactory.internal;

import org.jspecify.annotations.Nullable;

/**
 * An element of an {@link MpscLinkedQueue}: the queue links its elements through the one field this class adds,
 * so offering an element allocates nothing. Subclass it to make a type queueable (an actor's message envelope, a
 * factory's job record).
 *
 * <p>A node is in at most one queue at a time: offer it only while it is <em>detached</em> — newly made, or
 * returned by {@link MpscLinkedQueue#poll()} (which detaches it). The link is private to this package; subclasses
 * cannot see or disturb it.
 *
 * <p>Internal: not part of the public API. Threads: the link is written and read only by the queue, under the
 * queue's rules; a subclass's own fields are published to the consumer by {@link MpscLinkedQueue#offer}.
 */
public abstract class MpscNode {

    /** The next node towards the producers' end; {@code null} at the end and while detached. */
    @Nullable MpscNode next; // accessed through MpscLinkedQueue.NEXT (release/acquire) or plainly while private

    /** For subclasses. */
    protected MpscNode() {
    }
}
