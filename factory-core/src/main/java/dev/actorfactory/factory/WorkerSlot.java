package dev.actorfactory.factory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.actorfactory.factory.job.JobInterceptor;
import dev.actorfactory.factory.queue.JobQueue;
import dev.actorfactory.factory.stats.WorkerState;
import dev.actorfactory.factory.stats.WorkerStats;
import dev.actorfactory.factory.worker.Worker;
import dev.actorfactory.internal.MpscLinkedQueue;

/**
 * One worker of a factory: a single-threaded run loop (an actor) on a thread of its own, hosting the user's
 * {@link Worker} instance, with its own queue (worker-queued routing) or a private queue of key-bound jobs
 * (sticky-queuer).
 *
 * <h2>Concurrency design</h2>
 * <ul>
 *   <li>{@link #lock} (the slot itself, or the factory's shared lock for factory-queued routing) guards the
 *       queue, {@link #active}, {@link #pausedUntil}, {@link #scheduled}, {@link #runnerAlive} and
 *       {@link #deferredMoves}. No user code ever runs under it.</li>
 *   <li><b>One runner thread per slot.</b> It takes jobs while {@link #scheduled} is set; when its queue is empty
 *       it lingers a few microseconds, then clears {@code scheduled} under the lock and parks. A submitter that
 *       finds {@code scheduled} clear sets it (under the lock) and unparks the runner: no job waits without a
 *       runner awake to take it.</li>
 *   <li><b>The {@link RunState} word owns the job's outcome.</b> Taking a job opens a run with a fresh,
 *       never-reused id (TAKEN). The runner calls the worker only after winning TAKEN → RUNNING, as the last step
 *       before {@link Worker#handle} (inside the job interceptor, if any), and owns the outcome only if it then
 *       wins RUNNING → IDLE. The dead man's switch and a timed-out drain {@link #abandon abandon} a run with one
 *       CAS to IDLE; the loser of each race learns it from its failed CAS. So a run abandoned before it started
 *       never reaches user code, an attempt starts at most once, and a runner that was abandoned leaves without
 *       touching the job or the slot; the killer starts a fresh runner thread (next {@link #epoch}, fresh worker
 *       instance) that takes over the queue at once, so a stuck thread never starves the factory.</li>
 * </ul>
 */
final class WorkerSlot<K, M, R> implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(WorkerSlot.class);
    /** Yields before an idle runner parks (yielding, not spinning: on few cores a spinner starves submitters). */
    private static final int LINGER_YIELDS = 20;
    private static final VarHandle CURRENT_JOB;
    private static final VarHandle QUEUED;
    private static final VarHandle PROCESSED;
    private static final VarHandle BUSY_SINCE;
    private static final VarHandle SCHEDULED;
    private static final VarHandle IDLE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CURRENT_JOB = lookup.findVarHandle(WorkerSlot.class, "currentJob", JobRecord.class);
            QUEUED = lookup.findVarHandle(WorkerSlot.class, "queued", int.class);
            PROCESSED = lookup.findVarHandle(WorkerSlot.class, "processed", long.class);
            BUSY_SINCE = lookup.findVarHandle(WorkerSlot.class, "busySince", long.class);
            SCHEDULED = lookup.findVarHandle(WorkerSlot.class, "scheduled", boolean.class);
            IDLE = lookup.findVarHandle(WorkerSlot.class, "idle", boolean.class);
        } catch (ReflectiveOperationException error) {
            throw new ExceptionInInitializerError(error);
        }
    }

    final int id;
    final Factory<K, M, R> factory;
    final Object lock;
    final JobQueue<JobRecord<K, M, R>> queue;
    /** Jobs pushed lock-free by submitters (worker-queued routing without a queue limit). */
    final MpscLinkedQueue<JobRecord<K, M, R>> inbox = new MpscLinkedQueue<>();
    /** Jobs pushed into {@link #inbox} so far (for queue-depth statistics). */
    final java.util.concurrent.atomic.LongAdder pushed = new java.util.concurrent.atomic.LongAdder();
    /** Jobs drained from {@link #inbox} so far; under {@link #lock}. */
    long drained;


    // guarded by lock (scheduled and pausedUntil are also read, racily, by the parked runner)
    volatile boolean scheduled;
    volatile long pausedUntil;
    boolean active;
    boolean runnerAlive;
    /** Parked and waiting for shared work (factory-queued routing): claimable by a submitter. */
    volatile boolean idle;
    int heldBucket = -1; // the bucket of the job taken last: it may not move until the next take
    /**
     * Whether the runner holds a job it took (from the take until its next take; under {@link #lock}). A slot
     * that holds none is free: one queued job of it is about to run, so it does not count against the queue limit.
     */
    boolean holdsJob;
    @Nullable Map<Integer, WorkerSlot<K, M, R>> deferredMoves;

    // runner-owned
    @Nullable JobRecord<K, M, R> endedJob;
    /** Scratch list for a factory-queued take (runner-owned). */
    final java.util.List<JobRecord<K, M, R>> refusedScratch = new java.util.ArrayList<>(0);
    private @Nullable Worker<K, M, R> worker;
    private int workerEpoch = -1;
    /** Failed attempts to build a worker instance in a row (damped by the factory's crash backoff). */
    int consecutiveBuildFailures;

    // published to other threads
    volatile int epoch;
    private volatile @Nullable Thread thread;
    /** Who owns the current job's outcome: see {@link RunState}. */
    final RunState run = new RunState();
    /** The job of the open run; written with release before the run opens, read with acquire. */
    private @Nullable JobRecord<K, M, R> currentJob;
    /** When the runner began handling the open run (after building its worker), or 0; release/acquire. */
    private long busySince;
    private int queued;
    private long processed;
    volatile long restarts;
    /** The run last reported stuck (so it is reported once). */
    volatile long reportedStuckRun;
    volatile long pingRequestedAt;
    volatile long lastPingLatency = -1;

    WorkerSlot(int id, Factory<K, M, R> factory, @Nullable Object sharedLock, JobQueue<JobRecord<K, M, R>> queue) {
        this.id = id;
        this.factory = factory;
        this.lock = sharedLock == null ? this : sharedLock;
        this.queue = queue;
    }

    // ------------------------------------------------------------------ called under the lock by placements

    /** Hands {@code job} to this slot's runner: opens a run for it (TAKEN). Runner thread, under {@link #lock}. */
    void startJob(JobRecord<K, M, R> job) {
        CURRENT_JOB.setRelease(this, job);
        holdsJob = true;
        job.runId = run.take(); // the record of this attempt carries its run: a replaced runner never takes it again
    }

    /** Pauses the runner for at least {@code delayNanos} more (a backoff). Under {@link #lock}. */
    void pauseLocked(long delayNanos) {
        pausedUntil = Math.max(pausedUntil, System.nanoTime() + delayNanos);
    }

    /** Mirrors the queue's size for lock-free readers. Under {@link #lock}. */
    void updateQueued() {
        QUEUED.setOpaque(this, queue.size());
    }

    /** Takes the idle token (factory-queued routing): only the winner may wake this idle slot. Any thread. */
    boolean tryTakeIdle() {
        return idle && IDLE.compareAndSet(this, true, false);
    }

    /**
     * Lock-free wake-up by a submitter that pushed into the inbox: claims the idle runner and unparks it. A paused
     * runner is left alone: it wakes by itself when its pause ends.
     */
    void wakeFromInbox() {
        if (!scheduled && pausedUntil == 0 && !factory.isPaused() && SCHEDULED.compareAndSet(this, false, true)) {
            signal();
        }
    }

    /** Marks the slot's runner awake and returns whether a thread must be started for it. Under {@link #lock}. */
    boolean claimRunner() {
        scheduled = true;
        if (runnerAlive) {
            return false;
        }
        runnerAlive = true;
        return true;
    }

    // ------------------------------------------------------------------ lock-free reads

    int queued() {
        return (int) QUEUED.getOpaque(this);
    }

    /** Jobs waiting for this slot: its queue plus its inbox (approximate while submitters are busy). */
    int depth() {
        long inboxDepth;
        synchronized (lock) {
            inboxDepth = pushed.sum() - drained;
        }
        return queued() + (int) Math.max(0, inboxDepth);
    }

    long processed() {
        return (long) PROCESSED.getOpaque(this);
    }

    /** The job of the open run (taken or running); {@code null} when idle. Any thread. */
    @Nullable JobRecord<K, M, R> runningJob() {
        OpenRun<K, M, R> open = openRun();
        return open == null ? null : open.job();
    }

    /**
     * A consistent snapshot of the open run: its id, phase, job and since when the runner has been handling it (0
     * while it builds the worker instance); {@code null} when idle. Any thread.
     */
    @Nullable OpenRun<K, M, R> openRun() {
        while (true) {
            long word = run.word();
            if (word == 0L) {
                return null;
            }
            long since = (long) BUSY_SINCE.getAcquire(this);
            @SuppressWarnings("unchecked")
            JobRecord<K, M, R> job = (JobRecord<K, M, R>) CURRENT_JOB.getAcquire(this);
            long again = run.word();
            if (RunState.idOf(again) == RunState.idOf(word) && job != null) {
                return new OpenRun<>(RunState.idOf(word), RunState.phaseOf(again), job, since);
            }
            if (again == 0L) {
                return null;
            }
        }
    }

    /** A snapshot of a slot's open run (see {@link #openRun()}). */
    record OpenRun<K, M, R>(long runId, int phase, JobRecord<K, M, R> job, long busySince) {
    }

    // ------------------------------------------------------------------ waking

    /** Wakes the runner (after {@code scheduled} was set), or starts one if it has none. */
    void signal() {
        Thread current = thread;
        if (current != null) {
            LockSupport.unpark(current);
        }
    }

    /** Starts a fresh runner thread for this slot (at start, on activation, or replacing an abandoned one). */
    void startRunner() {
        Thread runnerThread = factory.newWorkerThread(this);
        thread = runnerThread;
        runnerThread.start();
    }

    // ------------------------------------------------------------------ the run loop

    @Override
    public void run() {
        int myEpoch = epoch;
        Placement<K, M, R> placement = factory.placement();
        Placement.Hand<K, M, R> hand = new Placement.Hand<>(); // this runner's own: a replacement has another
        try {
            while (epoch == myEpoch) {
                if (deferredMoves != null) {
                    placement.runDeferredMoves(this);
                }
                answerPing();
                Take take = placement.take(this, false, hand);
                if (take == Take.NOTHING_YET) {
                    // linger briefly: a submitter is likely to add work soon, and finding it here is far cheaper
                    // than being unparked
                    placement.lingering(true);
                    try {
                        for (int spin = 0; spin < LINGER_YIELDS && !placement.hasWorkHint(this); spin++) {
                            Thread.yield();
                        }
                    } finally {
                        placement.lingering(false);
                    }
                    take = placement.take(this, true, hand);
                }
                if (take == Take.NOTHING_YET) {
                    continue; // work arrived just as we were about to park
                }
                if (take == Take.EXIT) {
                    return; // retired: no queue, no worker
                }
                if (take == Take.RETIRE) {
                    stopWorker();
                    continue;
                }
                if (take == Take.PARK) {
                    parkUntilScheduled(placement);
                    continue;
                }
                JobRecord<K, M, R> job = hand.job;
                hand.job = null;
                if (!runJob(job, myEpoch)) {
                    return; // abandoned: a fresh runner owns the slot now
                }
            }
        } catch (Throwable unexpected) {
            log.error("Factory '{}': worker {} run loop failed unexpectedly; restarting it", factory.name(), id,
                    unexpected);
            factory.runnerDied(this, myEpoch);
        }
    }

    private void parkUntilScheduled(Placement<K, M, R> placement) {
        while (!scheduled) {
            long pause = pausedUntil;
            if (pause != 0) {
                long left = pause - System.nanoTime();
                if (left <= 0) {
                    placement.wake(this);
                    if (!scheduled) {
                        LockSupport.parkNanos(this, 1_000_000);
                    }
                    continue;
                }
                LockSupport.parkNanos(this, left);
            } else {
                LockSupport.park(this);
            }
        }
    }

    /** Runs one job; returns {@code false} if it was taken away from this runner (the runner must leave). */
    private boolean runJob(JobRecord<K, M, R> job, int myEpoch) {
        long myRun = job.runId;
        Worker<K, M, R> current = worker;
        if (current == null || workerEpoch != myEpoch) {
            current = buildWorker(myEpoch);
            if (current == null) {
                if (!run.release(myRun)) {
                    return false; // abandoned while the worker was being built: the job is someone else's now
                }
                consecutiveBuildFailures++;
                factory.workerBuildFailed(this, job);
                return true;
            }
        }
        consecutiveBuildFailures = 0;
        BUSY_SINCE.setRelease(this, System.nanoTime()); // building, pings and settling never count as busy time
        R result = null;
        Throwable error = null;
        try {
            JobInterceptor interceptor = factory.settings().jobInterceptor();
            Worker<K, M, R> handler = current;
            result = interceptor == null ? enter(handler, job, myRun)
                    : interceptor.around(job, job.captured, () -> enter(handler, job, myRun));
        } catch (Throwable thrown) {
            error = thrown;
        }
        boolean entered = job.entered;
        boolean owned = entered ? run.finish(myRun) : run.release(myRun);
        if (!owned) {
            if (entered) {
                factory.abandonedRunLeft(this, job); // killed while in the worker: it has left it now
            }
            return false;
        }
        BUSY_SINCE.setRelease(this, 0L);
        long finished = System.nanoTime();
        if (!entered) {
            job.startedAt = finished; // the interceptor ended the attempt without calling the worker
        }
        job.finishedAt = finished;
        PROCESSED.setOpaque(this, processed + 1);
        if (error == null) {
            factory.jobSucceeded(this, job, result);
        } else {
            worker = null;
            restarts = restarts + 1;
            factory.jobCrashed(this, job, error);
        }
        return true;
    }

    /**
     * The one way into the worker: wins TAKEN → RUNNING first, so a run abandoned before this point never calls
     * user code, and an interceptor that calls its handling twice gets an exception the second time.
     */
    private @Nullable R enter(Worker<K, M, R> handler, JobRecord<K, M, R> job, long myRun) throws Exception {
        if (job.entered || !run.start(myRun)) {
            throw job.entered ? new IllegalStateException("the job interceptor called the worker twice for " + job)
                    : new WorkerKilledException("Worker " + id + " of factory '" + factory.name()
                            + "' was abandoned before it started " + job);
        }
        job.entered = true;
        job.startedAt = System.nanoTime();
        return handler.handle(job);
    }

    private @Nullable Worker<K, M, R> buildWorker(int myEpoch) {
        try {
            Worker<K, M, R> built = factory.settings().workerBuilder().build(id);
            if (built == null) {
                throw new IllegalStateException("the worker builder returned null for worker " + id);
            }
            worker = built;
            workerEpoch = myEpoch;
            return built;
        } catch (Throwable error) {
            log.warn("Factory '{}': building worker {} failed; will retry after a backoff", factory.name(), id,
                    error);
            worker = null;
            return null;
        }
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

    /** Whether a runner thread is alive for this slot (it may be retiring). Any thread. */
    boolean hasRunner() {
        synchronized (lock) {
            return runnerAlive;
        }
    }

    /** Installs a worker built eagerly (at factory start, or for a grow) before the slot's runner thread starts. */
    void installWorker(Worker<K, M, R> built) {
        worker = built;
        workerEpoch = epoch;
    }

    /** Whether the runner has a worker instance of its current epoch (read by the runner, or under the lock). */
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
     * Takes run {@code runId} away from this slot's runner, in whichever phase it is: interrupts that thread and
     * moves the slot to a new epoch. The caller then owns the job's outcome and must call {@link #replaceRunner()}
     * unless the factory is stopping. Any thread.
     *
     * @return the phase the run was abandoned in ({@link RunState#TAKEN}: the worker was never called;
     *         {@link RunState#RUNNING}: it may still be running on the old thread), or {@link RunState#IDLE} if the
     *         runner finished the run first (nothing changed)
     */
    int abandon(long runId) {
        int phase = run.abandon(runId);
        if (phase == RunState.IDLE) {
            return phase;
        }
        Thread stuck = thread;
        if (stuck != null) {
            stuck.interrupt(); // it can only be busy with the abandoned run: after losing its CAS it leaves
        }
        BUSY_SINCE.setRelease(this, 0L);
        synchronized (lock) {
            epoch = epoch + 1;
            scheduled = true;
        }
        restarts = restarts + 1;
        return phase;
    }

    /** Starts a fresh runner after {@link #abandon}; it builds a fresh worker instance and takes the queue. */
    void replaceRunner() {
        startRunner();
    }

    // ------------------------------------------------------------------ statistics

    WorkerStats snapshot(long now, long stuckAfterNanos) {
        OpenRun<K, M, R> open = openRun();
        WorkerState state;
        Object key = null;
        Duration busyFor = null;
        if (open != null) {
            key = open.job().key;
            long busy = open.busySince() == 0 ? 0 : now - open.busySince();
            busyFor = Duration.ofNanos(busy);
            state = stuckAfterNanos > 0 && busy > stuckAfterNanos ? WorkerState.STUCK : WorkerState.BUSY;
        } else {
            long pause = pausedUntil;
            state = pause != 0 && now - pause < 0 ? WorkerState.BACKING_OFF : WorkerState.IDLE;
        }
        boolean retiring;
        synchronized (lock) {
            retiring = !active;
        }
        if (retiring) {
            state = WorkerState.RETIRING;
        }
        long ping = lastPingLatency;
        return new WorkerStats(id, state, key, busyFor, processed(), restarts, depth(),
                ping < 0 ? null : Duration.ofNanos(ping));
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
