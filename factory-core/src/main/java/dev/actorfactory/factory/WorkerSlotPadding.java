package dev.actorfactory.factory;

/**
 * 128 bytes between a {@link WorkerSlot}'s runner-written fields ({@link WorkerSlotRunnerFields}) and the fields
 * submitters read (in {@code WorkerSlot}): two 64-byte lines, because adjacent-line prefetchers pull lines in
 * pairs. Layout only.
 */
@SuppressWarnings("unused")
abstract class WorkerSlotPadding<K, M, R> extends WorkerSlotRunnerFields<K, M, R> {
    private long p00, p01, p02, p03, p04, p05, p06, p07;
    private long p10, p11, p12, p13, p14, p15, p16, p17;
}
