package dev.actorfactory.factory;

/**
 * The fields of a {@link FactoryQueuePlacement} that runners write for every job they take, kept a cache line
 * pair away from what submitters read on every dispatch (the inbox, the idle hints: in
 * {@code FactoryQueuePlacement} itself, behind {@link FactoryQueuePadding}). A superclass's fields are laid out
 * before a subclass's, so the padding cannot be reordered away. The placement's lock is the placement object
 * itself, whose header — written by every lock acquisition — sits in the same lines as these fields. Layout only:
 * {@code FactoryQueuePlacement} is their only reader and writer, under its lock unless noted.
 */
abstract class FactoryQueueRunnerFields<K, M, R> extends Placement<K, M, R> {

    /** Jobs drained from the inbox so far. */
    long drained;
    /** Jobs in the shared queue and the private queues. */
    int queuedTotal;
    /** Slots whose runner holds a job it took ({@link WorkerSlot#holdsJob}). */
    int holding;
    /** {@link #queuedTotal} for lock-free readers; volatile. */
    volatile int queuedSnapshot;

    FactoryQueueRunnerFields(Factory<K, M, R> factory) {
        super(factory);
    }
}
