package dev.actorfactory.factory;

import org.jspecify.annotations.Nullable;

/**
 * The fields of a {@link WorkerSlot} that its runner writes for every job, kept a cache line pair away from the
 * fields that submitters read on every dispatch (the inbox, the {@code scheduled} flag, the pause: in
 * {@code WorkerSlot} itself, behind {@link WorkerSlotPadding}). A superclass's fields are laid out before a
 * subclass's, so the padding between the two groups cannot be reordered away; without it, each finished job
 * invalidated the line a submitter was about to read (false sharing). Layout only: {@code WorkerSlot} is the only
 * reader and writer of these fields, under the rules its own comments give.
 */
abstract class WorkerSlotRunnerFields<K, M, R> {

    /** Jobs drained from the slot's inbox so far; under the slot's lock. */
    long drained;
    /** The bucket of the job taken last: it may not move until the next take; under the slot's lock. */
    int heldBucket = -1;
    /**
     * Whether the runner holds a job it took (from the take until its next take; under the slot's lock). A slot
     * that holds none is free: one queued job of it is about to run, so it does not count against the queue limit.
     */
    boolean holdsJob;
    /** The job that ended last on this runner, for the placement to learn at the next take; runner-owned. */
    @Nullable JobRecord<K, M, R> endedJob;
    /** The job of the open run; written with release before the run opens, read with acquire. */
    @Nullable JobRecord<K, M, R> currentJob;
    /** When the runner began handling the open run (after building its worker), or 0; release/acquire. */
    long busySince;
    /** The size of the slot's queue, for lock-free readers; opaque. */
    int queued;
    /** Jobs this slot's runners ended; opaque. */
    long processed;
}
