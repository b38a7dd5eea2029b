package dev.actorfactory.factory.stats;

/** What a worker is doing, as seen in a {@link WorkerStats} snapshot. */
public enum WorkerState {
    /** Waiting for work. */
    IDLE,
    /** Running a job. */
    BUSY,
    /** Running one job for longer than the dead man's switch timeout. */
    STUCK,
    /** Waiting out the crash backoff because its worker instance could not be built. */
    BACKING_OFF,
    /** Removed by a resize; finishing its last job. */
    RETIRING,
    /** Its factory has stopped: the worker is gone (its counters are kept for the record). */
    STOPPED
}
