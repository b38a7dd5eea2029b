package dev.actorfactory.internal;

import org.jspecify.annotations.Nullable;

/**
 * The producers' end of an {@link MpscLinkedQueue}, in a superclass so that the JVM lays it out before the padding
 * of {@link MpscQueueHeadPadding} and therefore on another cache line than the consumer's end: producers swapping
 * {@code tail} and the consumer advancing {@code head} then never invalidate each other's line (false sharing).
 * Layout only; the queue reads and writes the field.
 */
abstract class MpscQueueTail extends MpscNode {

    /** The node offered last, or the queue itself as the stub; accessed through {@code MpscLinkedQueue.TAIL}. */
    volatile @Nullable MpscNode tail;
}
