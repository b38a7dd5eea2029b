package dev.actorfactory.factory;

/**
 * A job accepted but held back until its submitter says go: the first phase of a two-phase dispatch, for work that
 * must only start once something else has happened — typically the commit of the database transaction that wrote
 * what the job will read (the starter's {@code dispatch-after-commit} uses it). Made by
 * {@link FactoryRef#prepare}. The job is counted as submitted at once and has its id; until it is dispatched it
 * shows as scheduled in the statistics, and a drain treats it like a delayed job that is not due yet.
 *
 * <p>Exactly one of {@link #dispatch()} and {@link #cancel()} takes effect. Threads: any.
 */
public interface PreparedJob {

    /** The job's id (see {@link dev.actorfactory.factory.job.Job#id()}). */
    long jobId();

    /**
     * Routes the job now, like a {@code dispatch}; a full queue may shed it (its discard handler and statistics say
     * so). If the job is no longer held — cancelled (by {@link #cancel()} or {@link FactoryRef#cancel(long)}), or
     * discarded by a drain — nothing happens and the result says discarded (cancelled, or shutdown when the factory
     * is no longer running).
     */
    DispatchResult dispatch();

    /**
     * Withdraws the job: it ends as discarded with reason
     * {@link dev.actorfactory.factory.discard.DiscardReason#CANCELLED CANCELLED} and never runs.
     *
     * @return whether this call withdrew it ({@code false} if it was dispatched or had ended already)
     */
    boolean cancel();
}
