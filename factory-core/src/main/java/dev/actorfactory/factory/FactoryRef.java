package dev.actorfactory.factory;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.time.Duration;

import dev.actorfactory.factory.job.JobOptions;
import dev.actorfactory.factory.lifecycle.FactoryState;
import dev.actorfactory.factory.stats.FactoryStats;
import dev.actorfactory.factory.stats.WorkerStats;

/**
 * The address of a factory: submit jobs, observe it, and operate it.
 *
 * <p>Submitting: every job gets an id (see {@link dev.actorfactory.factory.job.Job#id()}). {@link #dispatch} is
 * fire-and-forget and tells at once the job's id and whether it was accepted or discarded and why; {@link #call}
 * returns a future of the worker's result that always completes — with the
 * result, the worker's exception, a {@link dev.actorfactory.factory.discard.JobDiscardedException} carrying the
 * discard reason, a {@link WorkerKilledException} or a {@link FactoryStoppedException}; {@link #dispatchWaiting}
 * waits for queue room (and for a rate-limit token) up to a timeout instead of shedding.
 *
 * <p>Futures returned by {@code call} are completed on worker threads: attach slow continuations with the
 * {@code *Async} variants.
 *
 * <p>Threads: every method may be called from any thread. A null key or message throws a
 * {@link NullPointerException} naming it, and nothing is submitted.
 *
 * @param <K> the key type (routing, ordering, statistics)
 * @param <M> the message type
 * @param <R> the result type of the workers
 */
public interface FactoryRef<K, M, R> {

    /** The factory's name. */
    String name();

    /** Submits a job with default options; see {@link #dispatch(Object, Object, JobOptions)}. */
    default DispatchResult dispatch(K key, M message) {
        return dispatch(key, message, JobOptions.defaults());
    }

    /**
     * Submits a fire-and-forget job; never blocks.
     *
     * @return the job's id, and whether it was accepted or discarded at once (and why)
     */
    DispatchResult dispatch(K key, M message, JobOptions options);

    /** A {@link #dispatchAfter(Object, Object, JobOptions, Duration) delayed dispatch} with default options. */
    default DispatchResult dispatchAfter(K key, M message, Duration delay) {
        return dispatchAfter(key, message, JobOptions.defaults(), delay);
    }

    /**
     * Submits a fire-and-forget job that is routed only after {@code delay}. It is accepted (counted, given its id,
     * and shown in {@link dev.actorfactory.factory.stats.FactoryStats#scheduled()}) at once, takes its rate-limit
     * token now, and is routed like any job when it comes due — so a full queue may still shed it then. Delayed
     * jobs come due in the order of their due times (jobs due at the same time in the order they were accepted);
     * under key-ordered routing a key's jobs run in the order they were routed, so a job dispatched now runs before
     * a job of its key dispatched earlier for later. {@link #cancel(long)} withdraws it until it is due; a drain
     * discards it (or waits for it: see {@code Factory.Builder.delayedJobsAtDrain}). Time is the factory's clock
     * ({@code Factory.Builder.clock}). Never blocks.
     *
     * @throws IllegalArgumentException if {@code delay} is negative (zero dispatches at once)
     */
    DispatchResult dispatchAfter(K key, M message, JobOptions options, Duration delay);

    /** A {@link #dispatchAt(Object, Object, JobOptions, java.time.Instant) job routed at an instant}, default options. */
    default DispatchResult dispatchAt(K key, M message, java.time.Instant at) {
        return dispatchAt(key, message, JobOptions.defaults(), at);
    }

    /**
     * {@link #dispatchAfter(Object, Object, JobOptions, Duration) Dispatches} a job routed at {@code at} (by the
     * factory's clock); an instant in the past dispatches at once.
     */
    DispatchResult dispatchAt(K key, M message, JobOptions options, java.time.Instant at);

    /**
     * Accepts a fire-and-forget job but holds it back until {@link PreparedJob#dispatch()} (or withdraws it with
     * {@link PreparedJob#cancel()}): a two-phase dispatch, e.g. only once a database transaction has committed. The
     * job is counted and has its id at once, takes its rate-limit token now, and shows as scheduled until then.
     * If the factory refuses it at once (stopped, rate-limited), its {@code dispatch()} says so.
     */
    PreparedJob prepare(K key, M message, JobOptions options);

    /** Submits a job and returns a future of its result; see {@link #call(Object, Object, JobOptions)}. */
    default JobFuture<R> call(K key, M message) {
        return call(key, message, JobOptions.defaults());
    }

    /**
     * Submits a job and returns a future of the worker's result, completed however the job ends. Never blocks.
     * The future knows its job's id, and {@link JobFuture#cancel cancelling} it withdraws the job if no worker has
     * taken it yet.
     */
    JobFuture<R> call(K key, M message, JobOptions options);

    /** A {@link #call(Object, Object, JobOptions, Duration) call with a timeout} and default options. */
    default JobFuture<R> call(K key, M message, Duration timeout) {
        return call(key, message, JobOptions.defaults(), timeout);
    }

    /**
     * Submits a job whose caller waits at most {@code timeout}. When the timeout passes before a worker took the
     * job, the job is withdrawn and never runs (it ends as discarded with reason
     * {@link dev.actorfactory.factory.discard.DiscardReason#CANCELLED CANCELLED}); when a worker already runs it,
     * it goes on and is counted once when it ends. Either way the future fails with a
     * {@link java.util.concurrent.TimeoutException} at the timeout. Never blocks.
     *
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    JobFuture<R> call(K key, M message, JobOptions options, Duration timeout);

    /**
     * Withdraws a job that waits in a queue (or for a retry): it ends as discarded with reason
     * {@link dev.actorfactory.factory.discard.DiscardReason#CANCELLED CANCELLED} and never runs (again); under
     * key-ordered routing the other jobs of its key keep their order. A job a worker runs is not interrupted.
     * The search visits every queue under its lock (it costs what a time-to-live sweep costs).
     *
     * @param jobId the id {@link #dispatch} returned (or {@link JobFuture#jobId()})
     * @return whether the job was withdrawn by this call; {@code false} if it was running, had ended, was unknown,
     *         or was being moved between workers by a resize at that instant
     */
    boolean cancel(long jobId);

    /**
     * Submits a job, waiting up to {@code maxWait} for room in a full queue (and for a rate-limit token) instead
     * of shedding load: backpressure for producers that can slow down.
     *
     * @return accepted, or discarded with the reason that still applied when the wait ran out
     * @throws InterruptedException if interrupted while waiting (nothing was submitted)
     */
    DispatchResult dispatchWaiting(K key, M message, JobOptions options, Duration maxWait) throws InterruptedException;

    /** Jobs waiting in queues. */
    int queueDepth();

    /**
     * How many more jobs the factory can take right now without shedding: free queue room, where the next job of a
     * free worker (one that runs nothing) does not count against the limit ({@link Integer#MAX_VALUE} when the queue
     * is unlimited). Under queuer, sticky-queuer, round-robin and random routing a burst of that many jobs is not
     * shed (unless other submitters or a lower limit got there first); under key-persistent and custom-hash routing
     * the room is per worker and this is its sum.
     */
    int availableCapacity();

    /** Workers running a job right now. */
    int activeWorkers();

    /** The current number of workers. */
    int workerCount();

    /** A snapshot of counters and of each worker. */
    FactoryStats stats();

    /**
     * The factory's most recent failures (jobs that failed for good), newest first: at most the factory's
     * {@code recentFailures} capacity (default 20). Keys appear as its {@code keyDisclosure} says.
     */
    java.util.List<dev.actorfactory.factory.failure.FailureRecord> recentFailures();

    /**
     * The settings in effect, for display (the {@code factories} endpoint, logs): keys named like the
     * {@code factory.*} properties ({@code workers} is the current count), durations in ISO-8601, and for each
     * extension hook ({@code custom-hash}, {@code discard-handler}, ...) whether one is installed. Settings changed
     * at run time ({@link #updateSettings}, a discard-limit controller's limit) show as they are now. Read-only.
     */
    Map<String, Object> settingsInEffect();

    /**
     * Changes settings of the running factory, as ractor's factories allow: the queue limit and discard mode, the
     * rate limiter, the default time-to-live and the dead man's switch. Only what {@code change} names changes. The
     * change is atomic: its values were validated when it was built (by the rules of {@code Factory.Builder}), so it
     * applies entirely; concurrent changes (and a discard-limit controller's) are applied one after the other. It is
     * logged at INFO in one line (each setting that changed, from → to) and shows in {@link #settingsInEffect()}.
     *
     * <p>No job is lost or reordered by a change. What it does to jobs already accepted:
     * <ul>
     *   <li><b>Queue limit</b>: applies to the next job queued. A limit below the current depth sheds the surplus at
     *       once, as a full queue sheds (lowest priority level first, then by the discard mode in force: the oldest
     *       or the newest queued jobs), per worker queue under worker-queued routing, from the factory queue under
     *       queuer routing; each shed job ends as discarded with reason
     *       {@link dev.actorfactory.factory.discard.DiscardReason#LOAD_SHED LOAD_SHED}, is counted, reaches the
     *       discard handler and fails its caller's future. Removing the limit sheds nothing from then on. With a
     *       discard-limit controller, its next poll starts from the limit set here and may change it.</li>
     *   <li><b>Discard mode</b>: decides the next victims.</li>
     *   <li><b>Rate limiter</b>: the bucket is replaced as a whole (the new one starts full); a submitter that
     *       already took a token from the old bucket keeps its job.</li>
     *   <li><b>Default time-to-live</b>: applies to jobs submitted from now on without a TTL of their own; jobs
     *       already accepted keep the deadline they were accepted with (or none).</li>
     *   <li><b>Dead man's switch</b>: applies from its next check (at most a quarter of its timeout, at least every
     *       5 ms, later); a run already busy longer than the new timeout is reported (and killed) then. Switching
     *       it off stops detection; a key fenced by an earlier kill is still released within that kill's grace.</li>
     * </ul>
     *
     * <p>Threads: any thread, any time while the factory runs; it never blocks on workers or submitters (it may
     * briefly take each queue's lock to shed). Submitters read the settings as one immutable snapshot, lock-free.
     *
     * <p>{@link Factory} implements it; a {@code FactoryRef} that wraps a factory should delegate (this default,
     * for implementations written before the method existed, changes nothing and throws).
     *
     * @return the settings in effect after the change (as {@link #settingsInEffect()})
     * @throws IllegalStateException if the factory is not running (nothing changed)
     * @throws NullPointerException  if {@code change} is null
     * @throws UnsupportedOperationException if this reference cannot change settings (the default)
     */
    default Map<String, Object> updateSettings(SettingsChange change) {
        throw new UnsupportedOperationException("Factory '" + name() + "': this FactoryRef ("
                + getClass().getName() + ") does not support changing settings at run time");
    }

    /**
     * A snapshot of one worker.
     *
     * @throws IllegalArgumentException if {@code workerId} is not between 0 and the maximum worker count - 1
     */
    WorkerStats worker(int workerId);

    /** The lifecycle state. */
    FactoryState state();

    /**
     * Changes the number of workers. Growing builds the new worker instances at once and starts workers that take
     * work at once (under round-robin, random and custom-hash routing they also take over part of the existing
     * backlog); shrinking lets the surplus workers finish their current job and moves their queued jobs to the
     * remaining ones. Nothing is lost and, under key-ordered routing, per-key order holds.
     *
     * <p><b>0 workers</b> (as ractor allows): the workers finish their current job and stop their instances; jobs
     * are still accepted and wait in one queue, with the queue limit, time-to-live, cancels and per-key order as with
     * one worker, until the factory grows again, when they run in order. A drain at 0 workers lets running jobs
     * finish and discards the queued ones with reason
     * {@link dev.actorfactory.factory.discard.DiscardReason#SHUTDOWN SHUTDOWN} at once (no worker would run them).
     *
     * @throws IllegalArgumentException if {@code workers} is negative or above the maximum
     * @throws IllegalStateException if the factory is not running, or a new worker could not be built (the worker
     *                               count is then unchanged)
     */
    void resize(int workers);

    /**
     * Pauses: workers stop taking jobs once their current one is done; new jobs are still accepted and queued
     * (within the queue limits). Idempotent.
     */
    void pause();

    /** Resumes a paused factory: workers take queued jobs again. Idempotent. */
    void resume();

    /** Whether the factory is paused. */
    boolean isPaused();

    /**
     * Drains: new jobs are discarded with reason shutdown; queued and in-flight jobs finish within {@code timeout};
     * then the workers stop. Whatever is left at the timeout is discarded (queued jobs) or failed with
     * {@link FactoryStoppedException} (running jobs, whose threads are interrupted). A paused factory is resumed
     * first. Idempotent.
     *
     * @return completed with the final statistics once every job is accounted for
     */
    CompletableFuture<FactoryStats> drain(Duration timeout);

    /** Stops now: a drain with no grace period. */
    default CompletableFuture<FactoryStats> stop() {
        return drain(Duration.ZERO);
    }
}
