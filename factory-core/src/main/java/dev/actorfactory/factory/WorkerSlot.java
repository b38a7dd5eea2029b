package dev.actorfactory.factory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.actorfactory.actor.dispatch.Dispatchable;
import dev.actorfactory.factory.queue.JobQueue;
import dev.actorfactory.factory.stats.WorkerState;
import dev.actorfactory.factory.stats.WorkerStats;
import dev.actorfactory.factory.worker.Worker;

/**
 * One worker of a factory: a single-threaded run loop (an actor) hosting the user's {@link Worker} instance, with
 * its own queue (worker-queued routing) or a private queue of key-bound jobs (sticky-queuer).
 *
 * <h2>Concurrency design</h2>
 * <ul>
 *   <li>{@link #lock} (the slot itself, or the factory's shared lock for factory-queued routing) guards the
 *       queue, {@link #scheduled}, {@link #active}, {@link #pausedUntil} and {@link #deferredMoves}. No user code
 *       ever runs under it.</li>
 *   <li><b>{@code scheduled} is the runner's licence</b>: whoever sets it (under the lock) dispatches the slot,
 *       and only the dispatched runner takes jobs until it clears it (under the lock). So one runner at a time
 *       touches the worker instance; the lock orders each runner's writes before the next one's reads.</li>
 *   <li><b>In flight</b>: the runner publishes the job it runs in {@link #inFlight}; whoever CASes it back to
 *       {@code null} owns the job's outcome — the runner when the worker returns, or the dead man's switch / a
 *       timed-out drain that abandons a stuck worker. An abandoned runner, on return, sees its CAS fail and
 *       leaves without touching anything; a fresh runner (next {@link #epoch}) with a fresh worker instance
 *       takes over the queue at once.</li>
 *   <li>Interrupts reach only the thread running the abandoned job: the killer claims {@link #runner} by CAS
 *       before interrupting it, and the runner waits for that claim to end before it clears its interrupt flag.</li>
 * </ul>
 */
final class WorkerSlot<K, M, R> extends Dispatchable {

    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(WorkerSlot.class);
    private static final Object INTERRUPTING = new Object();
    private static final VarHandle IN_FLIGHT;
    private static final VarHandle RUNNER;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            IN_FLIGHT = lookup.findVarHandle(WorkerSlot.class, "inFlight", JobRecord.class);
            RUNNER = lookup.findVarHandle(WorkerSlot.class, "runner", Object.class);
        } catch (ReflectiveOperationException error) {
            throw new ExceptionInInitializerError(error);
        }
    }

    final int id;
    final transient Factory<K, M, R> factory;
    final transient Object lock;
    final transient JobQueue<JobRecord<K, M, R>> queue;

    // guarded by lock
    boolean scheduled;
    boolean active;
    long pausedUntil;
    int heldBucket = -1; // the bucket of the job this runner took last; it may not move until the next take
    transient @Nullable Map<Integer, WorkerSlot<K, M, R>> deferredMoves;

    // runner-owned
    transient @Nullable JobRecord<K, M, R> endedJob;
    private transient @Nullable Worker<K, M, R> worker;
    private int workerEpoch = -1;
    int consecutiveCrashes;

    // published to other threads
    volatile int epoch;
    volatile int queued;
    private transient volatile @Nullable JobRecord<K, M, R> inFlight;
    private transient volatile @Nullable Object runner;
    transient volatile @Nullable JobRecord<K, M, R> reportedStuck;
    volatile long pingRequestedAt;
    volatile long lastPingLatency = -1;
    volatile long processed;
    volatile long restarts;

    WorkerSlot(int id, Factory<K, M, R> factory, @Nullable Object sharedLock,
            JobQueue<JobRecord<K, M, R>> queue) {
        this.id = id;
        this.factory = factory;
        this.lock = sharedLock == null ? this : sharedLock;
        this.queue = queue;
    }

    @Nullable JobRecord<K, M, R> inFlight() {
        return inFlight;
    }

    /** Called under {@link #lock} when a job is handed to this runner. */
    void startJob(JobRecord<K, M, R> job) {
        inFlight = job;
    }

    // ------------------------------------------------------------------ the run loop

    @Override
    public void run() {
        Thread me = Thread.currentThread();
        runner = me;
        boolean abandoned = false;
        try {
            abandoned = runBatch(epoch);
        } catch (Throwable unexpected) {
            log.error("Factory '{}': worker {} run loop failed unexpectedly", factory.name(), id, unexpected);
            factory.placement().release(this);
        } finally {
            if (!RUNNER.compareAndSet(this, me, null)) {
                while (runner == INTERRUPTING) { // a killer is interrupting us: let it finish first
                    Thread.onSpinWait();
                }
            }
            if (abandoned) {
                Thread.interrupted(); // the interrupt was meant for the abandoned job only
            }
        }
    }

    /** Runs up to {@code throughput} jobs; returns {@code true} if this runner was abandoned. */
    private boolean runBatch(int myEpoch) {
        Placement<K, M, R> placement = factory.placement();
        for (int budget = factory.throughput(); budget > 0; budget--) {
            if (deferredMoves != null) {
                placement.runDeferredMoves(this);
            }
            answerPing();
            JobRecord<K, M, R> job = placement.take(this);
            if (job == null) {
                return false; // released: idle, paused, or retired
            }
            if (job == Placement.RETIRE_SIGNAL) {
                stopWorker();
                continue;
            }
            if (worker == null || workerEpoch != myEpoch) {
                if (!buildWorker(myEpoch, job)) {
                    continue; // the job is back in the queue and the slot paused: take() releases the slot
                }
            }
            if (!execute(job, worker)) {
                return true;
            }
        }
        factory.dispatch(this); // yield: the rest of the queue waits its turn
        return false;
    }

    private boolean buildWorker(int myEpoch, JobRecord<K, M, R> job) {
        try {
            worker = factory.settings().workerBuilder().build(id);
            workerEpoch = myEpoch;
            return true;
        } catch (Throwable error) {
            log.warn("Factory '{}': building worker {} failed; will retry after a backoff", factory.name(), id,
                    error);
            IN_FLIGHT.compareAndSet(this, job, null);
            worker = null;
            consecutiveCrashes++;
            factory.workerBuildFailed(this, job);
            return false;
        }
    }

    /** Runs one job; returns {@code false} if the job was taken away from this (stuck) runner meanwhile. */
    private boolean execute(JobRecord<K, M, R> job, Worker<K, M, R> current) {
        job.startedAt = System.nanoTime();
        R result = null;
        Throwable error = null;
        try {
            result = current.handle(job);
        } catch (Throwable thrown) {
            error = thrown;
        }
        if (!IN_FLIGHT.compareAndSet(this, job, null)) {
            return false;
        }
        job.finishedAt = System.nanoTime();
        processed = processed + 1; // single writer
        if (error == null) {
            consecutiveCrashes = 0;
            factory.jobSucceeded(this, job, result);
        } else {
            worker = null;
            restarts = restarts + 1;
            consecutiveCrashes++;
            factory.jobCrashed(this, job, error);
        }
        return true;
    }

    private void stopWorker() {
        Worker<K, M, R> retired = worker;
        worker = null;
        workerEpoch = -1;
        if (retired != null) {
            try {
                retired.onStop();
            } catch (Throwable error) {
                log.warn("Factory '{}': onStop of worker {} failed", factory.name(), id, error);
            }
        }
    }

    /** Stops the worker instance of a slot that is not scheduled (no runner can race). */
    void stopIdleWorker() {
        stopWorker();
    }

    /** Installs a worker built eagerly at factory start (before any runner exists). */
    void installWorker(Worker<K, M, R> built) {
        worker = built;
        workerEpoch = epoch;
    }

    boolean hasLiveWorker() {
        return worker != null && workerEpoch == epoch;
    }

    private void answerPing() {
        long requested = pingRequestedAt;
        if (requested != 0) {
            long latency = System.nanoTime() - requested;
            pingRequestedAt = 0;
            lastPingLatency = latency;
            factory.workerPinged(id, latency);
        }
    }

    // ------------------------------------------------------------------ abandoning a stuck runner

    /**
     * Takes {@code job} away from this slot's runner if it is still running it: interrupts that thread, moves the
     * slot to a new epoch (so a fresh worker instance will be built), and returns {@code true}. The caller then
     * owns the job's outcome and must dispatch a new runner (the slot stays scheduled).
     */
    boolean abandon(JobRecord<K, M, R> job) {
        if (!IN_FLIGHT.compareAndSet(this, job, null)) {
            return false;
        }
        Object current = runner;
        if (current instanceof Thread thread && RUNNER.compareAndSet(this, thread, INTERRUPTING)) {
            try {
                thread.interrupt();
            } finally {
                runner = null;
            }
        }
        job.finishedAt = System.nanoTime();
        synchronized (lock) {
            epoch = epoch + 1;
        }
        restarts = restarts + 1;
        return true;
    }

    // ------------------------------------------------------------------ statistics

    WorkerStats snapshot(long now, long stuckAfterNanos) {
        JobRecord<K, M, R> job = inFlight;
        WorkerState state;
        Object key = null;
        java.time.Duration busyFor = null;
        if (job != null) {
            key = job.key;
            long started = job.startedAt;
            long busy = started == 0 ? 0 : now - started;
            busyFor = java.time.Duration.ofNanos(busy);
            state = stuckAfterNanos > 0 && busy > stuckAfterNanos ? WorkerState.STUCK : WorkerState.BUSY;
        } else {
            state = WorkerState.IDLE;
        }
        boolean paused;
        boolean retiring;
        synchronized (lock) {
            paused = pausedUntil != 0 && now - pausedUntil < 0;
            retiring = !active;
        }
        if (job == null && paused) {
            state = WorkerState.BACKING_OFF;
        }
        if (retiring) {
            state = WorkerState.RETIRING;
        }
        long ping = lastPingLatency;
        return new WorkerStats(id, state, key, busyFor, processed, restarts, queued,
                ping < 0 ? null : java.time.Duration.ofNanos(ping));
    }

    /** Lazily creates the deferred-move map (under {@link #lock}). */
    Map<Integer, WorkerSlot<K, M, R>> deferredMovesForUpdate() {
        Map<Integer, WorkerSlot<K, M, R>> moves = deferredMoves;
        if (moves == null) {
            moves = new HashMap<>();
            deferredMoves = moves;
        }
        return moves;
    }

    @Override
    public String toString() {
        return "worker " + id + " of factory '" + factory.name() + "'";
    }
}
