package dev.actorfactory.internal;

/**
 * 128 bytes between the producers' end of an {@link MpscLinkedQueue} (in {@link MpscQueueTail}) and its consumer's
 * end (in the queue itself): a superclass's fields come before a subclass's, so this padding cannot be reordered
 * away. Two 64-byte lines, because adjacent-line prefetchers pull lines in pairs. Layout only.
 */
@SuppressWarnings("unused")
abstract class MpscQueueHeadPadding extends MpscQueueTail {
    private long p00, p01, p02, p03, p04, p05, p06, p07;
    private long p10, p11, p12, p13, p14, p15, p16, p17;
}
