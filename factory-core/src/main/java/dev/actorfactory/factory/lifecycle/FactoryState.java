package dev.actorfactory.factory.lifecycle;

/** Where a factory is in its life. */
public enum FactoryState {
    /** Built, not started: submissions are refused. */
    NEW,
    /** Starting its workers and running the on-started hook. */
    STARTING,
    /** Accepting and running jobs. */
    RUNNING,
    /** Finishing queued and in-flight jobs; new jobs are discarded with reason shutdown. */
    DRAINING,
    /** Stopped: every job is accounted for; new jobs are discarded with reason shutdown. */
    STOPPED,
    /** The on-started hook failed; the factory never ran. */
    FAILED
}
