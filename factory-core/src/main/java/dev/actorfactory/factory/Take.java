package dev.actorfactory.factory;

/**
 * What a runner's take from its placement came to (see {@link Placement#take}).
 *
 * <p>Threads: returned to the slot's runner, which acts on it alone.
 */
enum Take {
    /** A job was handed over: it is in the runner's {@link Placement.Hand}, with a run opened for it. */
    JOB,
    /** Nothing to take right now, and the runner may linger before asking again (asked without release). */
    NOTHING_YET,
    /** Nothing to take: the slot's {@code scheduled} flag was cleared, so the runner parks until woken. */
    PARK,
    /** The slot was retired and its queue is empty: stop the worker instance, then take again. */
    RETIRE,
    /** The slot was retired and has nothing left: the runner thread ends. */
    EXIT
}
